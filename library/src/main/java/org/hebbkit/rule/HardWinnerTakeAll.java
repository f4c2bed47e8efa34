package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * Hard winner-take-all: {@code y = 1} for the neuron with the largest response at each column,
 * {@code 0} for all others ({@link KWinnersTakeAll} with {@code k = 1}). The Hard-WTA baseline of
 * Journé et al. (2023), Table 3.
 */
public record HardWinnerTakeAll() implements Competition {

    @Override
    public NDArray compete(NDArray pre) {
        return Competition.winners(pre);
    }

    @Override
    public NDArray compete(NDArray pre, NDArray winners) {
        return winners;
    }
}
