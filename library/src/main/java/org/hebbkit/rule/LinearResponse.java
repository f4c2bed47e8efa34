package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/** The ordinary response {@code u = W x} (Euclidean norm, {@code p = 2}); the default of every layer. */
public record LinearResponse() implements Response {

    @Override
    public NDArray effectiveWeight(NDArray weight) {
        return weight;
    }

    @Override
    public double lebesguePower() {
        return 2;
    }
}
