package org.hebbkit.train;

import java.util.List;
import java.util.Map;

/** The events of {@link TrainingListener}, as immutable records of plain values. */
public final class TrainingEvents {

    private TrainingEvents() {}

    /**
     * @param stage e.g. {@code "hebbian block 2/3"}, {@code "features train"}, {@code "probe"}
     * @param epochs epochs in this stage
     * @param batchesPerEpoch batches per epoch
     * @param imagesPerEpoch images per epoch
     */
    public record StageStarted(String stage, int epochs, long batchesPerEpoch, long imagesPerEpoch) {}

    /**
     * @param stage the stage
     * @param epoch 1-based epoch
     * @param batch 1-based batch within the epoch
     * @param batchesPerEpoch batches per epoch
     * @param images images done in this epoch
     * @param seconds seconds since the stage started
     */
    public record BatchFinished(String stage, int epoch, long batch, long batchesPerEpoch, long images, double seconds) {}

    /**
     * @param stage the stage
     * @param epoch 1-based epoch
     * @param scalars named numbers (e.g. {@code train_loss}, {@code test_accuracy}, {@code learning_rate})
     * @param layers metrics of each Hebbian layer (empty for the probe)
     */
    public record EpochFinished(String stage, int epoch, Map<String, Double> scalars, List<LayerMetrics> layers) {

        /** Copies the collections. */
        public EpochFinished {
            scalars = Map.copyOf(scalars);
            layers = List.copyOf(layers);
        }
    }

    /**
     * @param stage the stage
     * @param seconds wall time of the stage
     * @param images images processed in all epochs
     */
    public record StageFinished(String stage, double seconds, long images) {

        /** Throughput of the stage. */
        public double imagesPerSecond() {
            return seconds > 0 ? images / seconds : 0;
        }
    }
}
