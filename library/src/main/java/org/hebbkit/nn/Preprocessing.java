package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A fixed transform of input images applied before a network's first block (Krotov and Hopfield's
 * unit-length inputs, Miconi's grayscale, per-image standardisation and difference of Gaussians). Records of
 * their parameters, named in presets by type; they keep no state and learn nothing.
 */
public interface Preprocessing {

    /**
     * @param images {@code [B, C, H, W]}
     * @return the transformed images, {@code [B, C', H', W']}
     */
    NDArray apply(NDArray images);

    /**
     * @param input one image's shape {@code [C, H, W]}
     * @return the shape {@link #apply} gives it
     */
    default Shape outputShape(Shape input) {
        return input;
    }
}
