package org.hebbkit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * A linear classifier on features: {@code logits = x W^T + b}, weight {@code [classes, F]}, bias
 * {@code [classes]}, on its own manager. It is the last part of a trained model and is saved with the
 * network by {@link Checkpoint}; {@code org.hebbkit.train} trains it ({@code LinearProbe},
 * {@code RidgeReadout}) and scores it ({@code ReadoutScore}).
 *
 * <pre>{@code
 * try (NDManager scope = network.newScope()) {
 *     readout.attachTo(scope);
 *     NDArray logits = readout.logits(network.features(images));
 * }
 * }</pre>
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

    /**
     * {@code scale (x W^T) + b}: the logits of {@code scale * x} with the factor applied to the {@code [B, classes]}
     * product instead of to {@code x} (the probe's dropout factor 1 / (1 - p)).
     *
     * @param x {@code [B, F]} float32, in a scope that holds this readout ({@link #attachTo})
     * @param scale factor of {@code x}
     */
    public NDArray logits(NDArray x, float scale) {
        return x.matMul(weight.transpose()).muli(scale).addi(bias);
    }

    /** Temporarily attaches the readout's arrays to a scope, once. */
    public void attachTo(NDManager scope) {
        for (NDArray array : new NDArray[] {weight, bias}) {
            if (array.getManager() != scope) {
                scope.tempAttachAll(array);
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
