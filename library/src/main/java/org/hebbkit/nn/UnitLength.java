package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;

/**
 * Scales each image to Euclidean norm 1 over all its pixels: {@code x / ||x||_2}. Krotov and Hopfield (2019)
 * need unit-length inputs for their MNIST result (PyTorch-Hebbian's Krotov example normalises likewise).
 */
public record UnitLength() implements Preprocessing {

    @Override
    public NDArray apply(NDArray images) {
        NDArray flat = images.reshape(images.getShape().get(0), -1);
        NDArray norms = flat.norm(new int[] {1}, true).maximum(1e-12f);
        return flat.div(norms).reshape(images.getShape());
    }
}
