package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * Krotov–Hopfield currents: {@code u_i = sum_j sign(W_ij) |W_ij|^(p-1) x_j}, the inner product of the
 * Lebesgue {@code p}-norm, {@code <w, x>_p} (for {@code p = 2} the linear response). With the ranking
 * competition and the update {@code dW = g x^T - (sum_n g u) W} weights converge to {@code sum_j |W_ij|^p = 1}.
 * Krotov and Hopfield (2019), PNAS 116(16), Eq. 2 and 3.
 *
 * @param p the Lebesgue power, at least 1 (3 for their MNIST network, 5 for CIFAR-10 in PyTorch-Hebbian)
 */
public record KrotovCurrents(double p) implements Response {

    /** Checks p. */
    public KrotovCurrents {
        if (!(p >= 1) || Double.isInfinite(p)) {
            throw new IllegalArgumentException("p (Lebesgue power) must be at least 1 and finite, got " + p);
        }
    }

    @Override
    public NDArray effectiveWeight(NDArray weight) {
        if (p == 2) {
            return weight;
        }
        return weight.sign().muli(weight.abs().powi(p - 1));
    }

    @Override
    public double lebesguePower() {
        return p;
    }
}
