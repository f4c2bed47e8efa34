package org.hebbkit.nn;

/**
 * The shape of a 2-d convolution, as PyTorch's {@code Conv2d} arguments.
 *
 * @param inChannels input channels {@code C}
 * @param outChannels output channels (neurons) {@code O}
 * @param kernel kernel side {@code k}
 * @param stride step between output positions
 * @param padding pixels added on each side of the input
 * @param paddingMode zeros or reflection
 * @param dilation step between kernel taps
 * @param groups channel groups; {@code C} and {@code O} must be divisible by it
 */
public record ConvGeometry(int inChannels, int outChannels, int kernel, int stride, int padding, Padding paddingMode,
        int dilation, int groups) {

    /** Checks every field; the message names the parameter. */
    public ConvGeometry {
        positive("inChannels", inChannels);
        positive("outChannels", outChannels);
        positive("kernel", kernel);
        positive("stride", stride);
        positive("dilation", dilation);
        positive("groups", groups);
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be non-negative, got " + padding);
        }
        if (paddingMode == null) {
            throw new IllegalArgumentException("paddingMode must be ZEROS or REFLECT, got null");
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("groups " + groups + " must divide inChannels " + inChannels
                    + " and outChannels " + outChannels);
        }
    }

    /** A stride-1, undilated, ungrouped convolution. */
    public static ConvGeometry of(int inChannels, int outChannels, int kernel, int padding, Padding paddingMode) {
        return new ConvGeometry(inChannels, outChannels, kernel, 1, padding, paddingMode, 1, 1);
    }

    /** Output side for an input side: {@code floor((H + 2 padding - dilation (k - 1) - 1) / stride) + 1}. */
    public int outputSize(int inputSize) {
        return (inputSize + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;
    }

    /** Fan-in of one neuron: {@code C / groups * k * k}. */
    public int fanIn() {
        return inChannels / groups * kernel * kernel;
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
