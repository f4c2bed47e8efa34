package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * k-winners-take-all with binary output: at each column the {@code k} neurons with the largest response
 * get {@code y = 1}, all others {@code 0} (ties at the k-th value all win). {@code k = 1} is hard
 * winner-take-all. Miconi (2021), "Hebbian learning with gradients", Section 3 (K-WTA with K = 1 in the
 * simple network); Majani et al. (1988).
 *
 * @param k winners per column, at least 1 and at most the layer's neurons
 */
public record KWinnersTakeAll(int k) implements Competition {

    /** Checks k. */
    public KWinnersTakeAll {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
    }

    @Override
    public NDArray compete(NDArray pre) {
        if (k == 1) {
            return Competition.winners(pre);
        }
        return pre.gte(Competition.kthLargest(pre, k)).toType(pre.getDataType(), false);
    }

    @Override
    public NDArray compete(NDArray pre, NDArray winners) {
        return k == 1 ? winners : compete(pre);
    }

    @Override
    public void checkNeurons(int neurons) {
        Competition.checkK(k, neurons, "k-wta");
    }
}
