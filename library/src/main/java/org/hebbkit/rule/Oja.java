package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * Oja's rule: {@code dW = y (x - y w)}, summed over columns: {@code dW = y x^T - (sum_n y^2) W}
 * ({@code a = y}, {@code s = sum_n y^2}). With the linear response and no competition ({@link NoCompetition})
 * a single unit's weights converge to the first principal component of zero-mean inputs, with norm 1.
 * Oja (1982), J. Math. Biol. 15; Miconi (2021), "Hebbian learning with gradients", Eq. 3.
 *
 * <pre>{@code
 * NDArray dW = new Oja().delta(w, x, u, u);
 * }</pre>
 */
public record Oja() implements LearningRule {

    @Override
    public HebbianTerms terms(NDArray pre, NDArray post, RuleState state) {
        return new HebbianTerms(post, post.square().sum(new int[] {1}, true));
    }
}
