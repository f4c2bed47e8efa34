package org.hebbkit.datasets.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Difference-of-Gaussians band-pass filter, a model of retinal centre-surround cells:
 * {@code k = G(sigmaCentre) - G(sigmaSurround)}, each Gaussian sampled on a {@code size x size} grid
 * centred at {@code (size - 1) / 2} and normalised to sum 1; applied to each channel separately with
 * zero padding so that the output keeps the input's height and width. Miconi (2021) filters grayscale
 * CIFAR-10 with {@code size 12, sigmaCentre 0.5, sigmaSurround 1.0}.
 *
 * @param size kernel side in pixels, at least 1
 * @param sigmaCentre standard deviation of the positive Gaussian, in pixels
 * @param sigmaSurround standard deviation of the subtracted Gaussian, in pixels
 */
public record DifferenceOfGaussians(int size, double sigmaCentre, double sigmaSurround) {

    /** Miconi's filter: 12 x 12, sigma 0.5 minus sigma 1.0. */
    public static final DifferenceOfGaussians MICONI_2021 = new DifferenceOfGaussians(12, 0.5, 1.0);

    /** Checks the parameters. */
    public DifferenceOfGaussians {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1, got " + size);
        }
        if (!(sigmaCentre > 0) || !(sigmaSurround > 0)) {
            throw new IllegalArgumentException("sigmaCentre and sigmaSurround must be positive, got "
                    + sigmaCentre + " and " + sigmaSurround);
        }
    }

    /** The kernel, row-major {@code [size * size]}. */
    public float[] kernel() {
        double[] centre = gaussian(sigmaCentre);
        double[] surround = gaussian(sigmaSurround);
        float[] kernel = new float[size * size];
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (float) (centre[i] - surround[i]);
        }
        return kernel;
    }

    /**
     * @param images {@code [N, C, H, W]}
     * @return {@code [N, C, H, W]}, each channel filtered
     */
    public NDArray apply(NDArray images) {
        long channels = images.getShape().get(1);
        NDArray one = images.getManager().create(kernel(), new Shape(1, 1, size, size)).toType(images.getDataType(), false);
        NDArray weight = one.repeat(0, channels);
        int before = (size - 1) / 2;
        int after = size - 1 - before;
        NDArray padded = images.pad(new Shape(before, after, before, after), 0);
        return Conv2d.conv2d(padded, weight, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), (int) channels)
                .singletonOrThrow();
    }

    private double[] gaussian(double sigma) {
        double centre = (size - 1) / 2.0;
        double[] values = new double[size * size];
        double sum = 0;
        for (int row = 0; row < size; row++) {
            for (int column = 0; column < size; column++) {
                double dy = row - centre;
                double dx = column - centre;
                double value = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
                values[row * size + column] = value;
                sum += value;
            }
        }
        for (int i = 0; i < values.length; i++) {
            values[i] /= sum;
        }
        return values;
    }
}
