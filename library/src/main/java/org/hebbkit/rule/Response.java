package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * How a layer computes its response {@code u} from its input: {@code u = f(W) x}, where {@code f(W)} is
 * the weight used in the product (the convolution, for a conv layer). The identity gives the ordinary
 * pre-activation {@code u = W x}; Krotov–Hopfield's currents use {@code f(W) = sign(W) |W|^(p-1)}.
 * The response drives learning only (the competition and the rule see {@code u}); a layer's output is always
 * the plain {@code W x}, as Krotov and Hopfield's classifier reads it (2019, Eq. 8). Each response also names the Lebesgue norm {@code p} under which its rules normalise weights, used by
 * the unit-convergence metric ({@code sum_j |w_ij|^p -> 1}).
 */
public interface Response {

    /**
     * @param weight {@code W} in any shape ({@code [O, I]} or {@code [O, C, k, k]})
     * @return {@code f(W)}, same shape (may be {@code weight} itself)
     */
    NDArray effectiveWeight(NDArray weight);

    /** The Lebesgue norm {@code p} of the weights this response goes with (2 for the linear response). */
    double lebesguePower();
}
