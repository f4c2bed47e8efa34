package org.hebbkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * A linear classifier on features: {@code logits = x W^T + b}, weight {@code [classes, F]}, bias
 * {@code [classes]}, on its own manager. Trained by {@link LinearProbe} or {@link RidgeReadout}.
 */
public final class LinearReadout implements AutoCloseable {

    private final NDManager manager;
    private final NDArray weight;
    private final NDArray bias;

    /**
     * @param manager owns the arrays (closed with the readout)
     * @param weight {@code [classes, F]}
     * @param bias {@code [classes]}
     */
    public LinearReadout(NDManager manager, NDArray weight, NDArray bias) {
        this.manager = manager;
        this.weight = weight;
        this.bias = bias;
        weight.setName("readout.weight");
        bias.setName("readout.bias");
    }

    /** Weight {@code [classes, F]}. */
    public NDArray weight() {
        return weight;
    }

    /** Bias {@code [classes]}. */
    public NDArray bias() {
        return bias;
    }

    /** Number of classes. */
    public int classes() {
        return (int) weight.getShape().get(0);
    }

    /** The arrays, named, for checkpoints. */
    public NDList namedState() {
        return new NDList(weight, bias);
    }

    /**
     * @param x {@code [B, F]} float32, in a scope that holds this readout ({@link #attachTo})
     * @return logits {@code [B, classes]}
     */
    public NDArray logits(NDArray x) {
        return x.matMul(weight.transpose()).add(bias);
    }

    /** Temporarily attaches the readout's arrays to a scope, once. */
    public void attachTo(NDManager scope) {
        for (NDArray array : new NDArray[] {weight, bias}) {
            if (array.getManager() != scope) {
                scope.tempAttachAll(array);
            }
        }
    }

    /**
     * Accuracy and mean cross-entropy on a feature source.
     *
     * @param data the examples
     * @param batchSize examples per batch
     * @param parent manager under which per-batch scopes are opened
     * @return {@code {accuracy in [0, 1], mean loss}}
     */
    public double[] evaluate(FeatureSource data, int batchSize, NDManager parent) {
        long correct = 0;
        double loss = 0;
        for (int from = 0; from < data.size(); from += batchSize) {
            int to = Math.min(data.size(), from + batchSize);
            int[] indices = LabelledImages.range(from, to);
            try (NDManager scope = parent.newSubManager()) {
                attachTo(scope);
                NDArray logits = logits(data.rows(scope, indices));
                NDArray labels = labels(scope, data, indices);
                correct += logits.argMax(1).toType(DataType.INT32, false).eq(labels).sum().getLong();
                loss += crossEntropy(logits, labels).getFloat() * indices.length;
            }
        }
        return new double[] {(double) correct / data.size(), loss / data.size()};
    }

    static NDArray labels(NDManager scope, FeatureSource data, int[] indices) {
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = data.label(indices[i]);
        }
        return scope.create(labels);
    }

    /** Mean of {@code -log softmax(logits)[label]}. */
    static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray picked = logProbabilities.mul(labels.oneHot((int) logits.getShape().get(1))).sum(new int[] {1});
        return picked.mean().neg();
    }

    @Override
    public void close() {
        manager.close();
    }
}
