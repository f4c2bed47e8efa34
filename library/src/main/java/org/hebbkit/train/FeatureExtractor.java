package org.hebbkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.hebbkit.model.HebbianNetwork;

/**
 * Runs a frozen network once over a dataset and caches its flattened output as {@link Features}.
 *
 * <pre>{@code
 * try (Features train = FeatureExtractor.extract(network, trainImages, 100, DataType.FLOAT16, listener, "train")) {
 *     ...
 * }
 * }</pre>
 */
public final class FeatureExtractor {

    /**
     * Images per forward pass used by the command line and {@link PresetRun}: 50. Larger batches are slower
     * on the CPU: at 100 the 3-layer activations (39 MB each) exceed glibc's 32 MB mmap threshold, so every
     * intermediate array is a fresh, page-faulted mapping ({@code hebbkit bench step --extract-batch}).
     */
    public static final int DEFAULT_BATCH_SIZE = 50;

    /** The largest finite float16 value. */
    private static final float FLOAT16_MAX = 65504f;

    private FeatureExtractor() {}

    /**
     * @param network frozen network (inference mode: running batch-norm statistics)
     * @param data images to encode
     * @param batchSize images per forward pass
     * @param storage {@link DataType#FLOAT16} (half the memory) or {@link DataType#FLOAT32} (exact). Features
     *     beyond float16's range (|x| above 65,504, e.g. untrained networks without batch-norm statistics) widen
     *     the cache to float32 when the first such batch comes (the epoch event then carries
     *     {@code widened_to_float32 = 1}), so no feature becomes infinite
     * @return the cache; its values are float16 or float32 (see above)
     * @param listener receives progress; may be {@code null}
     * @param name names the stage ({@code "features " + name})
     */
    public static Features extract(HebbianNetwork network, LabelledImages data, int batchSize, DataType storage,
            TrainingListener listener, String name) {
        if (storage != DataType.FLOAT16 && storage != DataType.FLOAT32) {
            throw new IllegalArgumentException("storage must be FLOAT16 or FLOAT32, got " + storage);
        }
        TrainingListener events = listener == null ? new TrainingListener() {} : listener;
        String stage = "features " + name;
        long batches = (data.size() + batchSize - 1) / batchSize;
        events.stageStarted(new TrainingEvents.StageStarted(stage, 1, batches, data.size()));
        long start = System.nanoTime();
        NDManager manager = network.manager().newSubManager();
        try {
            NDArray values = manager.zeros(new Shape(data.size(), network.featureCount()), storage);
            boolean widened = false;
            int[] labels = new int[data.size()];
            for (long batch = 0; batch < batches; batch++) {
                int from = (int) (batch * batchSize);
                int to = Math.min(data.size(), from + batchSize);
                boolean overflow;
                try (NDManager scope = network.newScope()) {
                    scope.tempAttachAll(values);
                    NDArray features = network.features(data.images(scope, LabelledImages.range(from, to)));
                    overflow = values.getDataType() == DataType.FLOAT16 && features.abs().max().getFloat() > FLOAT16_MAX;
                    if (!overflow) {
                        values.set(new NDIndex("{}:{}", from, to), features.toType(values.getDataType(), false));
                    }
                }
                if (overflow) {
                    // widen what is stored so far and redo this batch
                    NDArray wide = values.toType(DataType.FLOAT32, true);
                    values.close();
                    values = wide;
                    widened = true;
                    batch--;
                    continue;
                }
                for (int i = from; i < to; i++) {
                    labels[i] = data.label(i);
                }
                events.batchFinished(new TrainingEvents.BatchFinished(stage, 1, batch + 1, batches, to,
                        (System.nanoTime() - start) / 1e9));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Double> scalars = widened ? Map.of("seconds", seconds, "widened_to_float32", 1.0)
                    : Map.of("seconds", seconds);
            events.epochFinished(new TrainingEvents.EpochFinished(stage, 1, scalars, java.util.List.of()));
            events.stageFinished(new TrainingEvents.StageFinished(stage, seconds, data.size()));
            return new Features(manager, values, labels);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }
}
