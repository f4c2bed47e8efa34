package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;

/**
 * One batch of a Hebbian layer's input, in the form its learning step multiplies. The step needs two
 * products with the same input {@code x [I, N]} ({@code I} inputs per neuron, {@code N} columns: one per
 * image and output position):
 * <pre>
 *   u  = W x      [O, N]     the response            ({@link #respond})
 *   dW = a x^T    [O, I]     the rule's Hebbian term  ({@link #correlate})
 * </pre>
 * {@link Patches} forms {@code x} explicitly (im2col) and runs both as matrix products; {@link WinogradTiles}
 * never forms it and runs both as Winograd's minimal filtering, with 2.25 times fewer multiplications for a
 * 3 x 3 convolution. Both give the same values up to float32 rounding.
 */
public sealed interface BatchInput permits Patches, WinogradTiles {

    /**
     * @param weights {@code W}, {@code [O, I]} (one group: the whole layer)
     * @return {@code W x}, {@code [O, N]}, columns ordered as {@link Patches} orders them
     */
    NDArray respond(NDArray weights);

    /**
     * @param modulation {@code a}, {@code [O, N]}, columns ordered as {@link Patches} orders them
     * @return {@code a x^T}, {@code [O, I]}
     */
    NDArray correlate(NDArray modulation);

    /**
     * Turns a neuron-by-column array back into images.
     *
     * @param columns {@code [O, N]}
     * @return {@code [B, O, outHeight, outWidth]}
     */
    NDArray toImages(NDArray columns);
}
