package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * Plain Hebb: {@code dW = y x^T} ({@code a = y}, no decay). Unbounded on its own: use it with update
 * normalisation and weight renormalisation in the layer, or a competition that bounds {@code y}.
 * Hebb (1949); as a loss, Miconi (2021), "Hebbian learning with gradients", Eq. 1.
 *
 * <pre>{@code
 * NDArray dW = new PlainHebb().delta(w, x, u, y);
 * }</pre>
 */
public record PlainHebb() implements LearningRule {

    @Override
    public HebbianTerms terms(NDArray pre, NDArray post, RuleState state) {
        return new HebbianTerms(post, null);
    }
}
