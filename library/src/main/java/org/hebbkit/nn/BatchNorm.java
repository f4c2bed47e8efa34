package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Batch normalisation without affine parameters, as at the input of every SoftHebb block:
 * {@code x' = (x - mean[c]) / sqrt(var[c] + epsilon)} per channel. With batch statistics the mean and
 * biased variance are taken over batch and positions, and the running estimates move by
 * {@code momentum} toward them (the running variance is the unbiased one, as in PyTorch); at inference
 * the running estimates are used. Ioffe and Szegedy (2015).
 *
 * <p>State: running mean {@code [C]} (starts at 0) and running variance {@code [C]} (starts at 1).
 */
public final class BatchNorm {

    /** PyTorch's default momentum. */
    public static final float MOMENTUM = 0.1f;
    /** PyTorch's default epsilon. */
    public static final float EPSILON = 1e-5f;

    private final int channels;
    private final NDArray runningMean;
    private final NDArray runningVariance;

    /**
     * @param manager owns the running statistics
     * @param channels number of channels {@code C}
     */
    public BatchNorm(NDManager manager, int channels) {
        this.channels = channels;
        this.runningMean = manager.zeros(new Shape(channels));
        this.runningVariance = manager.ones(new Shape(channels));
        runningMean.setName("running_mean");
        runningVariance.setName("running_var");
    }

    /** Channels normalised. */
    public int channels() {
        return channels;
    }

    /** Running mean, {@code [C]}; updated in place. */
    public NDArray runningMean() {
        return runningMean;
    }

    /** Running variance, {@code [C]}; updated in place. */
    public NDArray runningVariance() {
        return runningVariance;
    }

    /**
     * @param x {@code [B, C, H, W]} or {@code [B, C]}
     * @param batchStatistics normalise with this batch's statistics and update the running ones
     *     (training mode), or with the running ones (eval mode)
     * @return normalised {@code x}, same shape
     */
    public NDArray apply(NDArray x, boolean batchStatistics) {
        Shape shape = x.getShape();
        if (shape.get(1) != channels) {
            throw new IllegalArgumentException("input has " + shape.get(1) + " channels, batch norm expects " + channels
                    + "; input shape " + shape);
        }
        int[] axes = shape.dimension() == 4 ? new int[] {0, 2, 3} : new int[] {0};
        Shape broadcast = shape.dimension() == 4 ? new Shape(1, channels, 1, 1) : new Shape(1, channels);
        NDArray mean;
        NDArray variance;
        if (batchStatistics) {
            long count = shape.size() / channels;
            // the PyTorch engine's mean takes one axis only; sum takes several
            mean = x.sum(axes).div(count);
            variance = x.sub(mean.reshape(broadcast)).square().sum(axes).div(count);
            float unbiased = count > 1 ? (float) count / (count - 1) : 1f;
            // detached: under autograd (backprop baseline) the running estimates must not join the graph
            runningMean.muli(1 - MOMENTUM).addi(mean.stopGradient().mul(MOMENTUM));
            runningVariance.muli(1 - MOMENTUM).addi(variance.stopGradient().mul(MOMENTUM * unbiased));
        } else {
            mean = runningMean;
            variance = runningVariance;
        }
        return x.sub(mean.reshape(broadcast)).div(variance.add(EPSILON).sqrt().reshape(broadcast));
    }
}
