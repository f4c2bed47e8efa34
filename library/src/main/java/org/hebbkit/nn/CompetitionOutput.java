package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;

/**
 * A block activation that passes on the layer's competition output instead of a fixed non-linearity: at each
 * position, the competition (with its current state, e.g. adaptive thresholds) maps the channels' responses
 * to {@code y}, and {@code y} is the block's output. Miconi (2021)'s simple network passes the binary k-WTA
 * winners up. Only a {@link HebbianBlock} can apply it, since it needs the block's layer.
 */
public record CompetitionOutput() implements Activation {

    @Override
    public NDArray apply(NDArray x) {
        throw new IllegalStateException("the 'competition' activation needs its layer: use it inside a HebbianBlock");
    }
}
