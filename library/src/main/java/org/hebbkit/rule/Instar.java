package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * Grossberg's instar rule: {@code dW = y (x - w)}, summed over columns:
 * {@code dW = y x^T - (sum_n y) W} ({@code a = y}, {@code s = sum_n y}). A unit's weights move toward the
 * inputs it responds to; with binary winners they converge to the mean of the inputs the unit wins.
 * Grossberg (1976); Miconi (2021), "Hebbian learning with gradients", Eq. 2.
 *
 * <pre>{@code
 * NDArray dW = new Instar().delta(w, x, u, new KWinnersTakeAll(1).compete(u));
 * }</pre>
 */
public record Instar() implements LearningRule {

    @Override
    public HebbianTerms terms(NDArray pre, NDArray post, RuleState state) {
        return new HebbianTerms(post, post.sum(new int[] {1}, true));
    }
}
