package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * SoftHebb's per-neuron norm-adaptive learning rate: {@code lr_i = rate * (| ||w_i||_2 - 1 | + 1e-10) ^ power},
 * recomputed from the current weights before every update (no decay over time). Neurons whose weight
 * vector has reached norm 1 (converged) nearly stop learning. Journé et al. (2023), Section 4.
 *
 * @param rate base learning rate, positive
 * @param power exponent, non-negative (0.5 for the conv presets, 0.2 for the MLP; 0 gives a constant rate)
 */
public record AdaptiveLearningRate(double rate, double power) implements LearningRateSchedule {

    private static final double EPSILON = 1e-10;

    /** Checks the parameters. */
    public AdaptiveLearningRate {
        LearningRateSchedule.checkRate(rate);
        if (!(power >= 0) || Double.isInfinite(power)) {
            throw new IllegalArgumentException("power must be non-negative and finite, got " + power);
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

    @Override
    public NDArray perNeuron(NDArray weight, TrainingProgress progress) {
        return perNeuron(weight);
    }
}
