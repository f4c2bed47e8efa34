package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;

/**
 * Rectified power unit: {@code max(u, 0)^power}, the hidden activation of Krotov and Hopfield's classifier
 * (2019, Eq. 8; {@code n = 4.5} for MNIST).
 *
 * @param power the exponent {@code n}, positive
 */
public record RectifiedPower(double power) implements Activation {

    /** Checks the power. */
    public RectifiedPower {
        if (!(power > 0) || Double.isInfinite(power)) {
            throw new IllegalArgumentException("power must be positive and finite, got " + power);
        }
    }

    @Override
    public NDArray apply(NDArray x) {
        NDArray rectified = x.maximum(0f);
        return power == 1 ? rectified : rectified.pow(power);
    }
}
