package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * Max or average pooling over {@code [B, C, H, W]}; average pooling counts padding zeros, as PyTorch's
 * default. Output side: {@code floor((H + 2 padding - kernel) / stride) + 1}.
 *
 * @param kind max or average
 * @param kernel window side
 * @param stride step
 * @param padding zeros added on each side
 */
public record Pooling(Kind kind, int kernel, int stride, int padding) {

    /** Which reduction. */
    public enum Kind {
        /** Maximum over the window. */
        MAX,
        /** Mean over the window. */
        AVG
    }

    /** Checks the geometry. */
    public Pooling {
        if (kind == null || kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException("pooling needs a kind, kernel >= 1, stride >= 1 and"
                    + " 0 <= padding <= kernel / 2; got " + kind + " " + kernel + "/" + stride + "/" + padding);
        }
    }

    /**
     * @param x {@code [B, C, H, W]}
     * @return pooled {@code [B, C, H', W']}
     */
    public NDArray apply(NDArray x) {
        NDArray input = channelsLast(x);
        Shape window = new Shape(kernel, kernel);
        Shape step = new Shape(stride, stride);
        Shape pad = new Shape(padding, padding);
        return kind == Kind.MAX
                ? Pool.maxPool2d(input, window, step, pad, false)
                : Pool.avgPool2d(input, window, step, pad, false, true);
    }

    /**
     * The same values stored channels-last ({@code [B, H, W, C]} in memory, still indexed {@code [B, C, H, W]}):
     * PyTorch's CPU max pooling is faster in that layout, the copy included (max 4/2/1 on
     * {@code [10, 96, 32, 32]}: 2.55 ms against 7.22 ms; {@code bench/HotOps.java}). Copies once unless
     * {@code x} is already laid out so.
     */
    static NDArray channelsLast(NDArray x) {
        Shape shape = x.getShape();
        return x.transpose(0, 2, 3, 1).reshape(shape.get(0), -1)
                .reshape(shape.get(0), shape.get(2), shape.get(3), shape.get(1)).transpose(0, 3, 1, 2);
    }

    /** Output side for an input side. */
    public int outputSize(int inputSize) {
        return (inputSize + 2 * padding - kernel) / stride + 1;
    }
}
