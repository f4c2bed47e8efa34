package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * A fixed random pruning mask: each weight is kept with probability {@code keep} when the layer is built, and
 * the others stay 0 for good (the layer multiplies its weights by the mask after every update). Miconi
 * (2021)'s full network keeps 1 % of the weights of layers 2 and 3 ({@code PROBAMASKS = (0, 0.99, 0.99)}),
 * which makes each unit of those layers read a few of the lower units.
 *
 * <pre>
 *   mask[o, i, ...] = 1 with probability keep, else 0        same shape as W
 * </pre>
 *
 * @param keep the fraction of weights kept, in (0, 1]
 */
public record WeightMask(double keep) {

    /** Checks the fraction. */
    public WeightMask {
        if (!(keep > 0 && keep <= 1)) {
            throw new IllegalArgumentException("keep must be in (0, 1], got " + keep);
        }
    }

    /**
     * Draws a mask.
     *
     * @param manager owns the result
     * @param shape the weights' shape
     * @param random the draws (one per weight)
     * @return 0/1 values, float32, {@code shape}
     */
    public NDArray sample(NDManager manager, Shape shape, SplittableRandom random) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() < keep ? 1f : 0f;
        }
        return manager.create(values, shape);
    }
}
