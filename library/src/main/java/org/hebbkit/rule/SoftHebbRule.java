package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * The SoftHebb plasticity rule, a Grossberg instar rule weighted by the competition's output:
 *
 * <pre>
 *   dW = y x^T - (sum over columns of y * u) W          a = y,  s = sum_n y u
 * </pre>
 *
 * i.e. {@code dW[i, j] = sum_n y[i, n] (x[j, n] - u[i, n] W[i, j])}, which drives each neuron's weight
 * vector toward norm 1 and toward the inputs it wins. SoftHebb then divides the whole layer's change
 * by its largest absolute entry; {@link org.hebbkit.nn.HebbianLayer} does that (optionally), since it
 * spans all groups of a grouped convolution. Journé et al. (2023), Eq. 3. With Krotov–Hopfield's
 * currents as the response ({@link KrotovCurrents}) and their ranking competition ({@link KrotovRanking})
 * this is exactly Krotov and Hopfield's (2019) update, Eq. 3 of their paper.
 *
 * <pre>{@code
 * NDArray dW = new SoftHebbRule().delta(w, x, u, new SoftKrotov(1.0).compete(u));
 * }</pre>
 */
public record SoftHebbRule() implements LearningRule {

    @Override
    public HebbianTerms terms(NDArray pre, NDArray post, RuleState state) {
        return new HebbianTerms(post, post.mul(pre).sum(new int[] {1}, true));
    }
}
