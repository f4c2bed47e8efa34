package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;

/**
 * The triangle activation: {@code Triangle(p)(u) = ReLU(u - mean over neurons of u) ^ p}, a soft
 * k-winner-take-all that keeps the neurons above the mean of their position (Coates et al. 2011;
 * SoftHebb uses powers 0.7, 1.4 and 1.0 in its CIFAR-10 presets). Journé et al. (2023), Section 4.
 *
 * @param power exponent {@code p}, positive
 */
public record Triangle(double power) implements Activation {

    /** Checks the power. */
    public Triangle {
        if (!(power > 0) || Double.isInfinite(power)) {
            throw new IllegalArgumentException("power must be positive and finite, got " + power);
        }
    }

    @Override
    public NDArray apply(NDArray x) {
        return along(x, 1);
    }

    /**
     * Triangle over any axis, e.g. axis 0 of the {@code [O, N]} pre-activation.
     *
     * @param x any shape
     * @param neuronAxis the axis the mean is taken over
     */
    public NDArray along(NDArray x, int neuronAxis) {
        NDArray rectified = x.sub(x.mean(new int[] {neuronAxis}, true)).maximum(0f);
        if (power == 1.0) {
            return rectified;
        }
        // in place unless a gradient flows through (saves a copy of the whole activation map)
        return rectified.hasGradient() ? rectified.pow(power) : rectified.powi(power);
    }
}
