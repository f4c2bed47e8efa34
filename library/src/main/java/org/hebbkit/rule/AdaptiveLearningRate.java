package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * SoftHebb's per-neuron adaptive learning rate: {@code lr_i = rate * (| ||w_i||_2 - 1 | + 1e-10) ^ power},
 * recomputed from the current weights before every update. Neurons whose weight vector has reached
 * norm 1 (converged) nearly stop learning. Journé et al. (2023), Section 4.
 *
 * @param rate base learning rate, positive
 * @param power exponent, non-negative (0.5 for the conv presets, 0.2 for the MLP; 0 gives a constant rate)
 */
public record AdaptiveLearningRate(double rate, double power) {

    private static final double EPSILON = 1e-10;

    /** Checks the parameters. */
    public AdaptiveLearningRate {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be positive, got " + rate);
        }
        if (!(power >= 0)) {
            throw new IllegalArgumentException("power must be non-negative, got " + power);
        }
    }

    /**
     * @param weight {@code [O, I]}
     * @return the learning rate of each neuron, {@code [O, 1]}
     */
    public NDArray perNeuron(NDArray weight) {
        NDArray radius = weight.norm(new int[] {1}, true);
        return radius.sub(1).abs().add(EPSILON).pow(power).mul(rate);
    }
}
