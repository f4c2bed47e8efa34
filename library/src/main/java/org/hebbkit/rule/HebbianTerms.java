package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * The two factors every rule of the zoo reduces to. With modulation {@code a [O, N]} and decay
 * {@code s [O, 1]} the weight change is
 *
 * <pre>
 *   dW = a x^T - s * W          i.e.  dW[i, j] = sum_n a[i, n] x[j, n] - s[i] W[i, j]
 * </pre>
 *
 * and the same update is minus the gradient of the surrogate loss
 * {@code L = -sum_{i,n} a[i, n] u[i, n] + 1/2 sum_i s[i] ||w_i||^2} with {@code u = W x} and {@code a, s} held
 * constant (Miconi 2021, "Hebbian learning with gradients", Section 2). {@link LearningRule#delta} computes the
 * first form, {@link org.hebbkit.nn.HebbianLayer#surrogateLoss HebbianLayer.surrogateLoss} the second; both read these terms, so they cannot drift apart.
 *
 * @param modulation {@code a}, {@code [O, N]}: how much each column's input is added to each neuron
 * @param decay {@code s}, {@code [O, 1]}: how much of each neuron's own weights is removed, or {@code null} for none
 */
public record HebbianTerms(NDArray modulation, NDArray decay) {

    /** Checks that the modulation is given. */
    public HebbianTerms {
        java.util.Objects.requireNonNull(modulation, "modulation");
    }
}
