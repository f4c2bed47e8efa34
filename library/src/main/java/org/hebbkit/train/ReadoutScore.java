package org.hebbkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.hebbkit.model.LinearReadout;

/**
 * How well a readout classifies a feature source: accuracy and mean cross-entropy
 * {@code -log softmax(x W^T + b)[label]}, no dropout. A feature cache in CPU memory is scored by the fused probe's
 * forward pass ({@link FusedProbe}), anything else by the engine; the two agree up to rounding.
 *
 * <pre>{@code
 * ReadoutScore score = ReadoutScore.of(readout, testFeatures, 1000, network.manager());
 * System.out.println(score.accuracy());
 * }</pre>
 *
 * @param accuracy fraction of examples whose largest logit is their label, in [0, 1]
 * @param loss mean cross-entropy over the examples
 */
public record ReadoutScore(double accuracy, double loss) {

    /**
     * Scores {@code readout} on every example of {@code data}, batch by batch.
     *
     * @param readout the classifier, {@code [classes, F]}
     * @param data the examples, {@code F} features each
     * @param batchSize examples per batch of the engine (the fused pass takes 128 at a time)
     * @param parent manager under which per-batch scopes are opened
     */
    public static ReadoutScore of(LinearReadout readout, FeatureSource data, int batchSize, NDManager parent) {
        // the fused pass copies the weights to the Java heap: only where they take under a quarter of it
        long heapNeeded = readout.weight().getShape().size() * Float.BYTES;
        if (FusedProbe.supports(data, parent) && heapNeeded < Runtime.getRuntime().maxMemory() / 4) {
            // a CPU cache: the fused probe's forward pass, without an engine array per batch
            return FusedProbe.score(readout, (Features) data, FUSED_BATCH, FusedProbe.defaultThreads(),
                    FusedProbe.VECTOR);
        }
        return ofEngine(readout, data, batchSize, parent);
    }

    /** Rows per batch of the fused scoring (its buffer: that many rows of float32 features). */
    private static final int FUSED_BATCH = 128;

    /** {@link #of}, computed by the engine one operation at a time whatever the source. */
    static ReadoutScore ofEngine(LinearReadout readout, FeatureSource data, int batchSize, NDManager parent) {
        long correct = 0;
        double loss = 0;
        for (int from = 0; from < data.size(); from += batchSize) {
            int to = Math.min(data.size(), from + batchSize);
            int[] indices = LabelledImages.range(from, to);
            try (NDManager scope = parent.newSubManager()) {
                readout.attachTo(scope);
                NDArray logits = readout.logits(data.rows(scope, indices));
                NDArray labels = labels(scope, data, indices);
                correct += logits.argMax(1).toType(DataType.INT32, false).eq(labels).sum().getLong();
                loss += crossEntropy(logits, labels).getFloat() * indices.length;
            }
        }
        return new ReadoutScore((double) correct / data.size(), loss / data.size());
    }

    /** The labels of {@code indices} as an int32 array {@code [indices.length]} on {@code scope}. */
    static NDArray labels(NDManager scope, FeatureSource data, int[] indices) {
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = data.label(indices[i]);
        }
        return scope.create(labels);
    }

    /** Mean of {@code -log softmax(logits)[label]}; logits {@code [B, classes]}, labels {@code [B]}. */
    static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray picked = logProbabilities.mul(labels.oneHot((int) logits.getShape().get(1))).sum(new int[] {1});
        return picked.mean().neg();
    }
}
