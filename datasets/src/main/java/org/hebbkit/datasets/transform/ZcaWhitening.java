package org.hebbkit.datasets.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * ZCA whitening fitted on training data: {@code x' = (x - mean) W} with
 * {@code W = (C + epsilon I)^(-1/2)}, {@code C} the covariance of the flattened training images.
 * The whitened data has (nearly) identity covariance while staying as close as possible to the
 * input (Bell and Sejnowski 1997); Miconi (2021) whitens the whole image this way.
 *
 * <p>The inverse square root is computed with the coupled Newton-Schulz iteration in float64
 * ({@code Y <- Y T, Z <- T Z, T = (3I - Z Y) / 2}, starting from {@code Y = A / ||A||_F, Z = I}),
 * which needs only matrix products, so it runs on the same engine and device as the data.
 *
 * <pre>{@code
 * ZcaWhitening zca = ZcaWhitening.fit(trainImages, 0.1);   // [N, C, H, W] or [N, D]
 * NDArray white = zca.apply(batch);                          // same shape as batch
 * }</pre>
 *
 * The fitted arrays live on the manager of the training data; close that manager to free them.
 */
public final class ZcaWhitening {

    private static final int MAX_ITERATIONS = 200;
    private static final double TOLERANCE = 1e-10;

    private final NDArray mean;
    private final NDArray matrix;

    private ZcaWhitening(NDArray mean, NDArray matrix) {
        this.mean = mean;
        this.matrix = matrix;
    }

    /**
     * Fits the whitening on training images.
     *
     * @param images {@code [N, ...]}, flattened to {@code [N, D]}; N should well exceed D
     * @param epsilon added to the covariance's diagonal, positive; larger keeps more low-variance noise out
     */
    public static ZcaWhitening fit(NDArray images, double epsilon) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
        }
        NDManager manager = images.getManager();
        long n = images.getShape().get(0);
        NDArray flat = images.reshape(n, -1).toType(DataType.FLOAT64, false);
        long d = flat.getShape().get(1);
        NDArray mean = flat.mean(new int[] {0});
        NDArray centred = flat.sub(mean);
        NDArray covariance = centred.transpose().matMul(centred).div(n);
        NDArray identity = manager.eye((int) d).toType(DataType.FLOAT64, false);
        NDArray a = covariance.add(identity.mul(epsilon));
        double norm = a.norm().getDouble();
        NDArray y = a.div(norm);
        NDArray z = identity;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            NDArray t = identity.mul(3).sub(z.matMul(y)).div(2);
            y = y.matMul(t);
            z = t.matMul(z);
            double change = t.sub(identity).norm().getDouble();
            if (change < TOLERANCE * Math.sqrt(d)) {
                break;
            }
        }
        NDArray matrix = z.div(Math.sqrt(norm)).toType(images.getDataType(), false);
        return new ZcaWhitening(mean.toType(images.getDataType(), false), matrix);
    }

    /**
     * @param images {@code [N, ...]} with the same trailing size as the training images
     * @return whitened images, same shape
     */
    public NDArray apply(NDArray images) {
        Shape shape = images.getShape();
        NDArray flat = images.reshape(shape.get(0), -1);
        return flat.sub(mean).matMul(matrix).reshape(shape);
    }

    /** The whitening matrix {@code (C + epsilon I)^(-1/2)}, {@code [D, D]}. */
    public NDArray matrix() {
        return matrix;
    }

    /** The training mean, {@code [D]}. */
    public NDArray mean() {
        return mean;
    }
}
