package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * A centre-surround filter applied to every channel: the image convolved with
 * {@code G(sigmaCentre) - G(sigmaSurround)}, each Gaussian a {@code size x size} kernel normalised to sum 1,
 * with zero padding so that the image keeps its size. Miconi (2021)'s simple network: 12 x 12 kernel, sigmas
 * 0.5 and 1.0 (an even size is padded one pixel more at the bottom and right).
 *
 * @param size kernel side, at least 1
 * @param sigmaCentre standard deviation of the centre Gaussian (pixels), positive
 * @param sigmaSurround standard deviation of the surround Gaussian (pixels), larger than the centre's
 */
public record DifferenceOfGaussians(int size, double sigmaCentre, double sigmaSurround) implements Preprocessing {

    /** Checks the parameters. */
    public DifferenceOfGaussians {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1, got " + size);
        }
        if (!(sigmaCentre > 0) || !(sigmaSurround > sigmaCentre)) {
            throw new IllegalArgumentException("sigmaCentre must be positive and sigmaSurround larger, got " + sigmaCentre
                    + " and " + sigmaSurround);
        }
    }

    /** The kernel, {@code size * size} values in row order. */
    public float[] kernel() {
        double[] centre = gaussian(sigmaCentre);
        double[] surround = gaussian(sigmaSurround);
        float[] kernel = new float[size * size];
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (float) (centre[i] - surround[i]);
        }
        return kernel;
    }

    private double[] gaussian(double sigma) {
        double[] values = new double[size * size];
        double middle = (size - 1) / 2.0;
        double sum = 0;
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                double d2 = (r - middle) * (r - middle) + (c - middle) * (c - middle);
                values[r * size + c] = Math.exp(-d2 / (2 * sigma * sigma));
                sum += values[r * size + c];
            }
        }
        for (int i = 0; i < values.length; i++) {
            values[i] /= sum;
        }
        return values;
    }

    @Override
    public NDArray apply(NDArray images) {
        Shape shape = images.getShape();
        long channels = shape.get(1);
        NDArray one = images.getManager().create(kernel(), new Shape(1, 1, size, size)).toType(images.getDataType(), false);
        NDArray weight = channels == 1 ? one : one.repeat(0, channels);
        int before = (size - 1) / 2;
        int after = size - 1 - before;
        NDArray padded = images.pad(new Shape(before, after, before, after), 0);
        return Conv2d.conv2d(padded, weight, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), (int) channels)
                .singletonOrThrow();
    }
}
