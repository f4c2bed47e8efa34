package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * A batch of receptive fields as one matrix (im2col): column {@code n} holds the input patch seen by
 * every neuron at one (image, output position). With patches, a convolution's pre-activation is one
 * matrix product {@code u = W x} and a Hebbian weight change {@code y x^T} is another, which runs at
 * GEMM speed instead of the slower weight-gradient convolution.
 *
 * <p>Rows are ordered as a conv weight {@code [O, C, kh, kw]} flattens: {@code c * k * k + p * k + q};
 * columns as {@code b * (outHeight * outWidth) + i * outWidth + j}.
 *
 * @param matrix {@code [I, N]} with {@code I = C * k * k} (or the features of a dense layer) and
 *     {@code N = batch * outHeight * outWidth}
 * @param batch images in the batch
 * @param outHeight output rows per image (1 for a dense layer)
 * @param outWidth output columns per image (1 for a dense layer)
 */
public record Patches(NDArray matrix, int batch, int outHeight, int outWidth) implements BatchInput {

    /**
     * Extracts the patches of an already padded batch.
     *
     * @param padded {@code [B, C, H, W]}, padding already applied
     * @param kernel kernel side {@code k}
     * @param stride step between neighbouring patches
     * @param dilation step between taps inside a patch
     */
    public static Patches ofConvolution(NDArray padded, int kernel, int stride, int dilation) {
        Shape shape = padded.getShape();
        int batch = (int) shape.get(0);
        int channels = (int) shape.get(1);
        int span = dilation * (kernel - 1) + 1;
        int outHeight = (int) ((shape.get(2) - span) / stride + 1);
        int outWidth = (int) ((shape.get(3) - span) / stride + 1);
        if (outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException("input " + shape + " is smaller than the kernel's span " + span);
        }
        // channels first before cutting, so that the stacked taps [C, k * k, B, H', W'] are already the matrix's
        // layout. The channels-first copy is made contiguous first (the reshape through [C * B, H, W] cannot be a
        // view): the engine stacks taps cut from a merely transposed view more slowly (block 2 of the 3-layer
        // preset, a [10, 96, 18, 18] batch: 1.4 ms against 0.5 ms), the same floats in the same places
        NDArray channelsFirst = padded.transpose(1, 0, 2, 3)
                .reshape((long) channels * batch, shape.get(2), shape.get(3))
                .reshape(channels, batch, shape.get(2), shape.get(3));
        NDArray matrix;
        if (kernel == 1 && stride == 1) {
            matrix = channelsFirst.reshape(channels, (long) batch * outHeight * outWidth);
        } else {
            NDList taps = new NDList(kernel * kernel);
            for (int p = 0; p < kernel; p++) {
                for (int q = 0; q < kernel; q++) {
                    int top = p * dilation;
                    int left = q * dilation;
                    taps.add(channelsFirst.get(new NDIndex(":, :, {}:{}:{}, {}:{}:{}",
                            top, top + (outHeight - 1) * stride + 1, stride,
                            left, left + (outWidth - 1) * stride + 1, stride)));
                }
            }
            matrix = NDArrays.stack(taps, 1).reshape((long) channels * kernel * kernel, (long) batch * outHeight * outWidth);
        }
        return new Patches(matrix, batch, outHeight, outWidth);
    }

    /**
     * The patches of a dense layer: each image's features form one column.
     *
     * @param features {@code [B, I]}
     */
    public static Patches ofDense(NDArray features) {
        return new Patches(features.transpose(), (int) features.getShape().get(0), 1, 1);
    }

    /** {@code W x} as one matrix product ({@link org.hebbkit.engine.MatMul}). */
    @Override
    public NDArray respond(NDArray weights) {
        return org.hebbkit.engine.MatMul.product(weights, matrix);
    }

    /** {@code a x^T} as one matrix product ({@link org.hebbkit.engine.MatMul}). */
    @Override
    public NDArray correlate(NDArray modulation) {
        return org.hebbkit.engine.MatMul.productTransposed(modulation, matrix);
    }

    @Override
    public NDArray toImages(NDArray columns) {
        long neurons = columns.getShape().get(0);
        return columns.reshape(neurons, batch, outHeight, outWidth).transpose(1, 0, 2, 3);
    }
}
