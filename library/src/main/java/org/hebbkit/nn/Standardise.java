package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;

/**
 * Per-image standardisation: each image minus its own mean, divided by its own standard deviation (over all
 * channels and pixels; {@code 1e-8} guards flat images). Miconi (2021), simple network.
 */
public record Standardise() implements Preprocessing {

    @Override
    public NDArray apply(NDArray images) {
        NDArray flat = images.reshape(images.getShape().get(0), -1);
        NDArray centred = flat.sub(flat.mean(new int[] {1}, true));
        NDArray std = centred.square().mean(new int[] {1}, true).sqrt().add(1e-8f);
        return centred.div(std).reshape(images.getShape());
    }
}
