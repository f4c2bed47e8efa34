package org.hebbkit.train;

import java.nio.ByteBuffer;

/**
 * The arithmetic of the fused linear probe ({@link FusedProbe}), defined value by value so that its two forms, plain
 * Java ({@link ScalarProbeKernel}) and the JDK's vector API ({@link VectorProbeKernel}, with {@code --add-modules
 * jdk.incubator.vector}), give the same floats bit for bit on any machine and any vector width:
 * <ul>
 *   <li>{@link #load}: float16 widened exactly to float32 (subnormals, infinities and NaN included), times the dropout
 *       mask of {@link Dropout#kept};</li>
 *   <li>{@link #logitsPartial}: for each row and class, the dot product of the row's masked features with the class's
 *       weights over a slice of {@code n} columns, as {@link #LANES} partial sums and a rest: column {@code j} is
 *       fused-multiply-added into partial {@code j mod 8} for {@code j < 8 floor(n / 8)}, the others in order into the
 *       rest ({@link FusedProbe} adds the slices' partials lane by lane in slice order, then the lanes in order, then
 *       the rests in slice order);</li>
 *   <li>{@link #gradientAdam}: per weight, {@code g = (sum_i d_i x_i) * scale} with the rows fused-multiply-added in
 *       order, then PyTorch's Adam step in float32: {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
 *       {@code w -= (m / (sqrt(v) / c2 + eps)) * (lr / c1)}.</li>
 * </ul>
 */
interface ProbeKernel {

    /** Partial sums of a dot product over a slice. */
    int LANES = 8;

    /** A word for reports: "vector (256-bit)" or "scalar". */
    String name();

    /**
     * Copies {@code count} values of one feature row into {@code target}, widened to float32 and masked.
     *
     * @param source the row's memory (native byte order)
     * @param byteOffset where the first value starts in {@code source}
     * @param half float16 values (else float32)
     * @param firstIndex the dropout index of the first value (row * F + column within the batch)
     * @param key the batch's dropout key
     * @param threshold {@link Dropout#threshold}, used when {@code drop}
     * @param drop whether dropout applies
     */
    void load(ByteBuffer source, int byteOffset, boolean half, float[] target, int targetOffset, int count,
            int firstIndex, long key, int threshold, boolean drop);

    /**
     * The partial logits of a slice of {@code width} columns.
     *
     * @param x the batch's masked features for these columns: row {@code i} at {@code xOffset + i * width}
     * @param rows the batch size
     * @param w weights: class {@code c}'s first column of the slice at {@code wOffset + c * wStride}
     * @param lanes receives the {@link #LANES} partials of row {@code i}, class {@code c} at
     *     {@code lanesOffset + (i * classes + c) * LANES}
     * @param rest receives the rest of row {@code i}, class {@code c} at {@code restOffset + i * classes + c}
     */
    void logitsPartial(float[] x, int xOffset, int width, int rows, float[] w, int wOffset, int wStride, int classes,
            float[] lanes, int lanesOffset, float[] rest, int restOffset);

    /**
     * One logit before scaling: the {@code slices} partial vectors at {@code lanes[first + s * stride]} added lane by
     * lane in slice order, the lanes added in order, then the rests at {@code rest[restFirst + s * restStride]} in slice
     * order.
     */
    float sumSlices(float[] lanes, int first, int stride, float[] rest, int restFirst, int restStride, int slices);

    /**
     * The gradient of a slice of {@code width} columns of every class's weights, and Adam's step on them, in place.
     *
     * @param x the batch's masked features for these columns: row {@code i} at {@code xOffset + i * width}
     * @param rows the batch size
     * @param d {@code dL/dlogits}, {@code [rows, classes]}
     * @param scale dropout's {@code 1 / (1 - p)}, or 1
     * @param w weights, {@code m} and {@code v} Adam's moments: class {@code c}'s first column of the slice at
     *     {@code wOffset + c * wStride}
     */
    void gradientAdam(float[] x, int xOffset, int width, int rows, float[] d, int classes, float scale,
            float[] w, float[] m, float[] v, int wOffset, int wStride, AdamStep adam);

    /** Writes 1 into {@code out[i]} where value {@code firstIndex + i} of the key's mask is kept, else 0. */
    void keepMask(long key, int threshold, int firstIndex, byte[] out, int count);

    /**
     * The constants of one Adam step, in float32.
     *
     * @param beta1 {@code b1}
     * @param oneMinusBeta1 {@code 1 - b1}
     * @param beta2 {@code b2}
     * @param oneMinusBeta2 {@code 1 - b2}
     * @param correction2 {@code sqrt(1 - b2^t)}
     * @param epsilon {@code eps}
     * @param rate {@code lr / (1 - b1^t)}
     */
    record AdamStep(float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float correction2,
            float epsilon, float rate) {}

    /**
     * The vector form when the JVM has the vector API module ({@code --add-modules jdk.incubator.vector}, as the
     * {@code hebbkit} launcher, the notebook kernel and the tests start it) and 256-bit vectors, else the scalar form:
     * the same results, for masks ({@link Dropout#keep}) and tests.
     */
    static ProbeKernel best() {
        ProbeKernel vector = vectorOrNull();
        return vector != null ? vector : new ScalarProbeKernel();
    }

    /**
     * The vector form, or {@code null} where this JVM cannot run it. Without it the probe keeps the engine's
     * formulation: the scalar form gives the same floats as the vector form but runs about 17 times slower, slower
     * than the engine.
     */
    static ProbeKernel vectorOrNull() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return new VectorProbeKernel();
            } catch (LinkageError | RuntimeException unavailable) {
                return null;
            }
        }
        return null;
    }
}
