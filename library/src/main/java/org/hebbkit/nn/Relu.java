package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;

/** {@code max(u, 0)}: the activation of SoftHebb's backpropagation baselines. */
public record Relu() implements Activation {

    @Override
    public NDArray apply(NDArray x) {
        return x.maximum(0f);
    }
}
