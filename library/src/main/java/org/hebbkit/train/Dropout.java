package org.hebbkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Inverted dropout, as PyTorch's: each value is zeroed with probability {@code p} and the rest scaled by
 * {@code 1 / (1 - p)}; the mask comes from the engine's seeded generator. Srivastava et al. (2014).
 */
final class Dropout {

    private Dropout() {}

    /**
     * @param x any shape
     * @param probability chance of dropping each value, in [0, 1); 0 returns {@code x}
     * @param scope owns the mask
     */
    static NDArray apply(NDArray x, double probability, NDManager scope) {
        if (probability <= 0) {
            return x;
        }
        NDArray keep = scope.randomUniform(0, 1, x.getShape()).gte(probability).toType(DataType.FLOAT32, false);
        return x.mul(keep).div(1 - probability);
    }
}
