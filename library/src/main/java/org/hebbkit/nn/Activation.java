package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;

/**
 * A block's non-linearity, applied to images {@code [B, O, H, W]} or features {@code [B, O]}
 * with the neurons on axis 1.
 */
public interface Activation {

    /**
     * @param x {@code [B, O, ...]}
     * @return same shape
     */
    NDArray apply(NDArray x);
}
