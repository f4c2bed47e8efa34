package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * Krotov and Hopfield's ranking competition: at each column the neurons are ranked by their currents;
 * the top neuron gets {@code y = +1}, the neuron ranked {@code k}-th alone gets {@code y = -delta}
 * (anti-Hebbian), every other neuron {@code 0}. Note, as users of other implementations ask: only the
 * {@code k}-th ranked unit is pushed away, not ranks 2 to {@code k}; this is the paper's Eq. 10
 * ({@code g(h) = 1} for rank 1, {@code -delta} for rank {@code k}, else 0) and PyTorch-Hebbian's
 * {@code KrotovsRule}. Krotov and Hopfield (2019), PNAS 116(16), "Unsupervised learning by competing
 * hidden units".
 *
 * @param k the rank that is pushed away, at least 2 and at most the layer's neurons
 * @param delta strength of the anti-Hebbian push, in [0, 1]
 */
public record KrotovRanking(int k, double delta) implements Competition {

    /** Checks the parameters. */
    public KrotovRanking {
        if (k < 2) {
            throw new IllegalArgumentException("k must be at least 2 (rank 1 is the winner), got " + k);
        }
        if (!(delta >= 0 && delta <= 1)) {
            throw new IllegalArgumentException("delta must be in [0, 1], got " + delta);
        }
    }

    @Override
    public NDArray compete(NDArray pre) {
        return compete(pre, Competition.winners(pre));
    }

    @Override
    public NDArray compete(NDArray pre, NDArray winners) {
        NDArray kth = pre.eq(Competition.kthLargest(pre, k)).toType(pre.getDataType(), false);
        return winners.sub(kth.muli(delta));
    }

    @Override
    public void checkNeurons(int neurons) {
        Competition.checkK(k, neurons, "krotov-ranking");
    }
}
