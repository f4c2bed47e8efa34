package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * The SoftHebb plasticity rule, a Grossberg instar rule weighted by the competition's output:
 *
 * <pre>
 *   dW = y x^T - (sum over columns of y * u) W
 * </pre>
 *
 * i.e. {@code dW[i, j] = sum_n y[i, n] (x[j, n] - u[i, n] W[i, j])}, which drives each neuron's weight
 * vector toward norm 1 and toward the inputs it wins. SoftHebb then divides the whole layer's change
 * by its largest absolute entry; {@link org.hebbkit.nn.HebbianLayer} does that (optionally), since it
 * spans all groups of a grouped convolution. Journé et al. (2023), Eq. 3.
 *
 * <pre>{@code
 * NDArray dW = new SoftHebbRule().delta(w, x, u, new SoftKrotov(1.0).compete(u));
 * }</pre>
 */
public record SoftHebbRule() implements LearningRule {

    @Override
    public NDArray delta(NDArray weight, NDArray input, NDArray pre, NDArray post) {
        NDArray hebbian = post.matMul(input.transpose());
        NDArray decay = post.mul(pre).sum(new int[] {1}, true);
        return hebbian.subi(decay.mul(weight));
    }
}
