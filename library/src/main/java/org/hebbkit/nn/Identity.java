package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;

/** No non-linearity: the pre-activation is the output. */
public record Identity() implements Activation {

    @Override
    public NDArray apply(NDArray x) {
        return x;
    }
}
