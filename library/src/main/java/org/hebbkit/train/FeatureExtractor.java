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
        int[] labels = new int[data.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.label(i);
        }
        return extract(network, labels, batchSize, storage, listener, name,
                (scope, from, to) -> network.features(data.images(scope, LabelledImages.range(from, to))));
    }

    /**
     * The features of images whose lower blocks' output was computed before and kept (successive training keeps the
     * last block's inputs): only the blocks from {@link BlockInputs#block()} on run. Reads the inputs in order and
     * frees each chunk once read, so the features take the memory the inputs give back; afterwards the inputs are
     * closed, also on failure.
     *
     * @param network the frozen network the inputs were computed for
     * @param inputs the inputs of one block for every image (consumed)
     * @param batchSize images per forward pass
     * @param storage as {@link #extract(HebbianNetwork, LabelledImages, int, DataType, TrainingListener, String)}
     * @param listener receives progress; may be {@code null}
     * @param name names the stage ({@code "features " + name})
     */
    public static Features extract(HebbianNetwork network, BlockInputs inputs, int batchSize, DataType storage,
            TrainingListener listener, String name) {
        try {
            int[] labels = new int[inputs.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = inputs.label(i);
            }
            return extract(network, labels, batchSize, storage, listener, name,
                    (scope, from, to) -> network.featuresFrom(inputs.take(scope, from, to), inputs.block()));
        } finally {
            inputs.close();
        }
    }

    private static Features extract(HebbianNetwork network, int[] labels, int batchSize, DataType storage,
            TrainingListener listener, String name, BlockInputs.BatchSource source) {
        if (storage != DataType.FLOAT16 && storage != DataType.FLOAT32) {
            throw new IllegalArgumentException("storage must be FLOAT16 or FLOAT32, got " + storage);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        TrainingListener events = listener == null ? new TrainingListener() {} : listener;
        String stage = "features " + name;
        int size = labels.length;
        long batches = (size + batchSize - 1) / batchSize;
        events.stageStarted(new TrainingEvents.StageStarted(stage, 1, batches, size));
        long start = System.nanoTime();
        NDManager manager = network.manager().newSubManager();
        try {
            // uninitialised (every row is written below): its pages become resident as the rows are written, while
            // kept block inputs give theirs back
            NDArray values = manager.create(new Shape(size, network.featureCount()), storage);
            boolean widened = false;
            for (long batch = 0; batch < batches; batch++) {
                int from = (int) (batch * batchSize);
                int to = Math.min(size, from + batchSize);
                try (NDManager scope = network.newScope()) {
                    NDArray features = source.rows(scope, from, to);
                    if (values.getDataType() == DataType.FLOAT16 && features.abs().max().getFloat() > FLOAT16_MAX) {
                        // widen what is stored so far (rows [0, from) are written), then store this batch
                        NDArray wide = values.toType(DataType.FLOAT32, true);
                        values.close();
                        values = wide;
                        widened = true;
                    }
                    scope.tempAttachAll(values);
                    values.set(new NDIndex("{}:{}", from, to), features.toType(values.getDataType(), false));
                }
                events.batchFinished(new TrainingEvents.BatchFinished(stage, 1, batch + 1, batches, to,
                        (System.nanoTime() - start) / 1e9));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Double> scalars = widened ? Map.of("seconds", seconds, "widened_to_float32", 1.0)
                    : Map.of("seconds", seconds);
            events.epochFinished(new TrainingEvents.EpochFinished(stage, 1, scalars, java.util.List.of()));
            events.stageFinished(new TrainingEvents.StageFinished(stage, seconds, size));
            return new Features(manager, values, labels);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }
}
