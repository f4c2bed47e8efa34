package org.hebbkit.model;

import org.hebbkit.nn.Padding;

/**
 * The convolution of a conv block, as data (the channels come from the block and its input).
 *
 * @param kernel kernel side, at least 1
 * @param stride step between output positions, at least 1
 * @param padding pixels added on each side, at least 0
 * @param paddingMode zeros or reflect
 * @param dilation step between kernel taps, at least 1
 * @param groups channel groups, at least 1 (input and output channels must divide by it)
 */
public record ConvSpec(int kernel, int stride, int padding, Padding paddingMode, int dilation, int groups) {

    /** Checks the values. */
    public ConvSpec {
        if (kernel < 1) {
            throw new IllegalArgumentException("kernel must be at least 1, got " + kernel);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be at least 1, got " + stride);
        }
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be at least 0, got " + padding);
        }
        if (paddingMode == null) {
            throw new IllegalArgumentException("paddingMode is missing; valid: zeros, reflect");
        }
        if (dilation < 1) {
            throw new IllegalArgumentException("dilation must be at least 1, got " + dilation);
        }
        if (groups < 1) {
            throw new IllegalArgumentException("groups must be at least 1, got " + groups);
        }
    }

    /** A plain convolution: stride 1, dilation 1, one group. */
    public static ConvSpec of(int kernel, int padding, Padding paddingMode) {
        return new ConvSpec(kernel, 1, padding, paddingMode, 1, 1);
    }
}
