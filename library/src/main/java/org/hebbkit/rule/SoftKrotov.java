package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * Soft winner-take-all with anti-Hebbian losers ("soft-Krotov", the variant of SoftHebb's CIFAR presets):
 * {@code s = softmax(temperatureInverse * u)} over the neurons, then {@code y = s} for the argmax neuron
 * and {@code y = -s} for every other neuron, so losers move away from the input as in Krotov and
 * Hopfield (2019). Journé et al. (2023), Appendix (soft anti-Hebbian plasticity).
 *
 * @param temperatureInverse inverse softmax temperature (SoftHebb's {@code t_invert})
 */
public record SoftKrotov(double temperatureInverse) implements Competition {

    /** Checks the temperature. */
    public SoftKrotov {
        if (!(temperatureInverse > 0) || Double.isInfinite(temperatureInverse)) {
            throw new IllegalArgumentException("temperatureInverse must be positive and finite, got " + temperatureInverse);
        }
    }

    @Override
    public NDArray compete(NDArray pre) {
        return compete(pre, Competition.winners(pre));
    }

    @Override
    public NDArray compete(NDArray pre, NDArray winners) {
        NDArray soft = pre.mul(temperatureInverse).softmax(0);
        return soft.mul(winners.mul(2).sub(1));
    }
}
