package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;

/**
 * The triangle of what the neurons compete on: with the layer's competition thresholds {@code theta}
 * (Miconi's adaptive thresholds; 0 for competitions without),
 * <pre>
 *   v = u - theta                                  [B, O, ...]
 *   y = ReLU(v - mean over neurons of v) ^ p
 * </pre>
 * Miconi (2021)'s full network passes this up ({@code USETRIANGLE = 'YES'}, power 1) while the binary k-WTA
 * winners drive plasticity. Only a {@link HebbianBlock} can apply it, since it needs the layer's thresholds.
 *
 * @param power exponent {@code p}, positive
 */
public record ThresholdedTriangle(double power) implements Activation {

    /** Checks the power. */
    public ThresholdedTriangle {
        new Triangle(power);
    }

    @Override
    public NDArray apply(NDArray x) {
        throw new IllegalStateException("the 'thresholded-triangle' activation needs its layer's thresholds: use it"
                + " inside a HebbianBlock");
    }

    /**
     * @param layer the block's layer (its competition gives the thresholds)
     * @param output the layer's output {@code [B, O, ...]}
     * @return same shape
     */
    public NDArray apply(HebbianLayer layer, NDArray output) {
        return new Triangle(power).along(layer.driveOutput(output), 1);
    }
}
