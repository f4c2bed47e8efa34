package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * Soft winner-take-all: {@code y = softmax(temperatureInverse * u)} over the neurons.
 * Journé et al. (2023), "Hebbian deep learning without feedback", Eq. 2.
 *
 * @param temperatureInverse inverse softmax temperature (SoftHebb's {@code t_invert}); larger is harder
 */
public record SoftWinnerTakeAll(double temperatureInverse) implements Competition {

    /** Checks the temperature. */
    public SoftWinnerTakeAll {
        if (!(temperatureInverse > 0) || Double.isInfinite(temperatureInverse)) {
            throw new IllegalArgumentException("temperatureInverse must be positive and finite, got " + temperatureInverse);
        }
    }

    @Override
    public NDArray compete(NDArray pre) {
        // no pass over u to multiply it by 1 (block 1 of SoftHebb's CIFAR-10 presets); the same floats either way
        return temperatureInverse == 1 ? pre.softmax(0) : pre.mul(temperatureInverse).softmax(0);
    }
}
