package org.hebbkit.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ProbeKernel} on the JDK's vector API (incubating in Java 17: the JVM needs {@code --add-modules
 * jdk.incubator.vector}), 256-bit vectors of 8 floats: one vector is {@link ProbeKernel#LANES} partials, so the
 * results are those of {@link ScalarProbeKernel} bit for bit (fused multiply-adds, lane-wise IEEE arithmetic, no
 * reduction of unspecified order). Refuses machines whose preferred vectors are narrower than 256 bits (where the
 * API would run in plain Java); {@link ProbeKernel#best()} then takes the scalar form.
 */
final class VectorProbeKernel implements ProbeKernel {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
    private static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_128;
    private static final int L = FLOATS.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private final IntVector iota = IntVector.fromArray(INTS, new int[] {0, 1, 2, 3, 4, 5, 6, 7}, 0);

    VectorProbeKernel() {
        if (FloatVector.SPECIES_PREFERRED.vectorBitSize() < 256 || L != LANES) {
            throw new UnsupportedOperationException("preferred vectors of "
                    + FloatVector.SPECIES_PREFERRED.vectorBitSize() + " bits: the scalar kernel is faster");
        }
    }

    @Override
    public String name() {
        return "vector (256-bit, jdk.incubator.vector)";
    }

    private static IntVector fmix32(IntVector h) {
        h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).mul(0x85EBCA6B);
        h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 13)).mul(0xC2B2AE35);
        return h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16));
    }

    /** {@link Dropout#kept} of values {@code first..first+7}. */
    private VectorMask<Integer> kept(int first, long key, int threshold) {
        IntVector index = iota.add(first);
        IntVector bits = fmix32(fmix32(index.lanewise(VectorOperators.XOR, (int) key))
                .lanewise(VectorOperators.XOR, (int) (key >>> 32)));
        return bits.compare(VectorOperators.UNSIGNED_GE, threshold);
    }

    /** {@link ScalarProbeKernel#halfToFloat} lane by lane. */
    private static FloatVector halfToFloat(ShortVector halves) {
        IntVector bits = ((IntVector) halves.convertShape(VectorOperators.S2I, INTS, 0)).and(0xFFFF);
        IntVector sign = bits.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        IntVector magnitude = bits.and(0x7FFF);
        IntVector scaled = magnitude.lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(0x1p112f)
                .reinterpretAsInts();
        IntVector special = magnitude.and(0x3FF).lanewise(VectorOperators.LSHL, 13).or(0x7F800000);
        return scaled.blend(special, magnitude.compare(VectorOperators.GE, 0x7C00)).or(sign).reinterpretAsFloats();
    }

    @Override
    public void load(ByteBuffer source, int byteOffset, boolean half, float[] target, int targetOffset, int count,
            int firstIndex, long key, int threshold, boolean drop) {
        int full = count - count % L;
        FloatVector zero = FloatVector.zero(FLOATS);
        for (int j = 0; j < full; j += L) {
            FloatVector value = half
                    ? halfToFloat(ShortVector.fromByteBuffer(SHORTS, source, byteOffset + 2 * j, ORDER))
                    : FloatVector.fromByteBuffer(FLOATS, source, byteOffset + 4 * j, ORDER);
            if (drop) {
                value = zero.blend(value, kept(firstIndex + j, key, threshold).cast(FLOATS));
            }
            value.intoArray(target, targetOffset + j);
        }
        for (int j = full; j < count; j++) {
            float value = half ? ScalarProbeKernel.halfToFloat(source.getShort(byteOffset + 2 * j))
                    : source.getFloat(byteOffset + 4 * j);
            target[targetOffset + j] = drop && !Dropout.kept(key, firstIndex + j, threshold) ? 0f : value;
        }
    }

    @Override
    public void logitsPartial(float[] x, int xOffset, int width, int rows, float[] w, int wOffset, int wStride,
            int classes, float[] lanes, int lanesOffset, float[] rest, int restOffset) {
        int full = width - width % L;
        int blocked = rows - rows % 4;
        int pairs = classes - classes % 2;
        for (int c = 0; c < pairs; c += 2) {
            int wc = wOffset + c * wStride;
            int wd = wc + wStride;
            // four rows and two classes at a time: eight independent sums, each load used twice or four times
            for (int i = 0; i < blocked; i += 4) {
                int x0 = xOffset + i * width;
                FloatVector a0 = FloatVector.zero(FLOATS);
                FloatVector a1 = a0;
                FloatVector a2 = a0;
                FloatVector a3 = a0;
                FloatVector b0 = a0;
                FloatVector b1 = a0;
                FloatVector b2 = a0;
                FloatVector b3 = a0;
                for (int j = 0; j < full; j += L) {
                    FloatVector wcj = FloatVector.fromArray(FLOATS, w, wc + j);
                    FloatVector wdj = FloatVector.fromArray(FLOATS, w, wd + j);
                    FloatVector r0 = FloatVector.fromArray(FLOATS, x, x0 + j);
                    FloatVector r1 = FloatVector.fromArray(FLOATS, x, x0 + width + j);
                    FloatVector r2 = FloatVector.fromArray(FLOATS, x, x0 + 2 * width + j);
                    FloatVector r3 = FloatVector.fromArray(FLOATS, x, x0 + 3 * width + j);
                    a0 = r0.fma(wcj, a0);
                    a1 = r1.fma(wcj, a1);
                    a2 = r2.fma(wcj, a2);
                    a3 = r3.fma(wcj, a3);
                    b0 = r0.fma(wdj, b0);
                    b1 = r1.fma(wdj, b1);
                    b2 = r2.fma(wdj, b2);
                    b3 = r3.fma(wdj, b3);
                }
                a0.intoArray(lanes, lanesOffset + (i * classes + c) * L);
                a1.intoArray(lanes, lanesOffset + ((i + 1) * classes + c) * L);
                a2.intoArray(lanes, lanesOffset + ((i + 2) * classes + c) * L);
                a3.intoArray(lanes, lanesOffset + ((i + 3) * classes + c) * L);
                b0.intoArray(lanes, lanesOffset + (i * classes + c + 1) * L);
                b1.intoArray(lanes, lanesOffset + ((i + 1) * classes + c + 1) * L);
                b2.intoArray(lanes, lanesOffset + ((i + 2) * classes + c + 1) * L);
                b3.intoArray(lanes, lanesOffset + ((i + 3) * classes + c + 1) * L);
            }
            for (int i = blocked; i < rows; i++) {
                rowLanes(x, xOffset + i * width, full, w, wc, lanes, lanesOffset + (i * classes + c) * L);
                rowLanes(x, xOffset + i * width, full, w, wd, lanes, lanesOffset + (i * classes + c + 1) * L);
            }
        }
        for (int c = pairs; c < classes; c++) {
            for (int i = 0; i < rows; i++) {
                rowLanes(x, xOffset + i * width, full, w, wOffset + c * wStride, lanes, lanesOffset + (i * classes + c) * L);
            }
        }
        for (int c = 0; c < classes; c++) {
            int wc = wOffset + c * wStride;
            for (int i = 0; i < rows; i++) {
                float sum = 0;
                for (int j = full; j < width; j++) {
                    sum = Math.fma(x[xOffset + i * width + j], w[wc + j], sum);
                }
                rest[restOffset + i * classes + c] = sum;
            }
        }
    }

    @Override
    public float sumSlices(float[] lanes, int first, int stride, float[] rest, int restFirst, int restStride,
            int slices) {
        FloatVector partial = FloatVector.zero(FLOATS);
        float remainder = 0;
        for (int s = 0; s < slices; s++) {
            partial = partial.add(FloatVector.fromArray(FLOATS, lanes, first + s * stride));
            remainder += rest[restFirst + s * restStride];
        }
        float sum = 0;
        for (int l = 0; l < L; l++) {
            sum += partial.lane(l);
        }
        return sum + remainder;
    }

    /** The partials of one row and one class. */
    private static void rowLanes(float[] x, int xi, int full, float[] w, int wc, float[] lanes, int at) {
        FloatVector a = FloatVector.zero(FLOATS);
        for (int j = 0; j < full; j += L) {
            a = FloatVector.fromArray(FLOATS, x, xi + j).fma(FloatVector.fromArray(FLOATS, w, wc + j), a);
        }
        a.intoArray(lanes, at);
    }

    @Override
    public void gradientAdam(float[] x, int xOffset, int width, int rows, float[] d, int classes, float scale,
            float[] w, float[] m, float[] v, int wOffset, int wStride, AdamStep adam) {
        int full = width - width % L;
        int blocked = full - full % (4 * L);
        int pairs = classes - classes % 2;
        float[] gradients = new float[8 * L];
        for (int c = 0; c < classes; c++) {
            int wc = wOffset + c * wStride;
            boolean pair = c < pairs;
            int wd = wc + wStride;
            // two classes and four column vectors at a time: eight independent sums over the rows, each row's
            // features loaded once for both classes
            for (int j = 0; pair && j < blocked; j += 4 * L) {
                FloatVector g0 = FloatVector.zero(FLOATS);
                FloatVector g1 = g0;
                FloatVector g2 = g0;
                FloatVector g3 = g0;
                FloatVector h0 = g0;
                FloatVector h1 = g0;
                FloatVector h2 = g0;
                FloatVector h3 = g0;
                for (int i = 0; i < rows; i++) {
                    FloatVector dc = FloatVector.broadcast(FLOATS, d[i * classes + c]);
                    FloatVector dd = FloatVector.broadcast(FLOATS, d[i * classes + c + 1]);
                    int xi = xOffset + i * width + j;
                    FloatVector x0 = FloatVector.fromArray(FLOATS, x, xi);
                    FloatVector x1 = FloatVector.fromArray(FLOATS, x, xi + L);
                    FloatVector x2 = FloatVector.fromArray(FLOATS, x, xi + 2 * L);
                    FloatVector x3 = FloatVector.fromArray(FLOATS, x, xi + 3 * L);
                    g0 = dc.fma(x0, g0);
                    g1 = dc.fma(x1, g1);
                    g2 = dc.fma(x2, g2);
                    g3 = dc.fma(x3, g3);
                    h0 = dd.fma(x0, h0);
                    h1 = dd.fma(x1, h1);
                    h2 = dd.fma(x2, h2);
                    h3 = dd.fma(x3, h3);
                }
                // the gradients through memory: a vector handed to a method C2 does not inline is boxed
                g0.mul(scale).intoArray(gradients, 0);
                g1.mul(scale).intoArray(gradients, L);
                g2.mul(scale).intoArray(gradients, 2 * L);
                g3.mul(scale).intoArray(gradients, 3 * L);
                h0.mul(scale).intoArray(gradients, 4 * L);
                h1.mul(scale).intoArray(gradients, 5 * L);
                h2.mul(scale).intoArray(gradients, 6 * L);
                h3.mul(scale).intoArray(gradients, 7 * L);
                adam(gradients, 0, w, m, v, wc + j, 4, adam);
                adam(gradients, 4 * L, w, m, v, wd + j, 4, adam);
            }
            for (int j = pair ? blocked : 0; j < full; j += L) {
                gradientAdam(x, xOffset + j, width, rows, d, classes, c, scale, gradients);
                adam(gradients, 0, w, m, v, wc + j, 1, adam);
                if (pair) {
                    gradientAdam(x, xOffset + j, width, rows, d, classes, c + 1, scale, gradients);
                    adam(gradients, 0, w, m, v, wd + j, 1, adam);
                }
            }
            for (int j = full; j < width; j++) {
                for (int k = c; k <= (pair ? c + 1 : c); k++) {
                    float sum = 0;
                    for (int i = 0; i < rows; i++) {
                        sum = Math.fma(d[i * classes + k], x[xOffset + i * width + j], sum);
                    }
                    ScalarProbeKernel.adamStep(sum * scale, w, m, v, wOffset + k * wStride + j, adam);
                }
            }
            if (pair) {
                c++;
            }
        }
    }

    /** The gradient of one column vector of one class, into {@code gradients[0..L)}. */
    private static void gradientAdam(float[] x, int xOffset, int width, int rows, float[] d, int classes, int c,
            float scale, float[] gradients) {
        FloatVector g = FloatVector.zero(FLOATS);
        for (int i = 0; i < rows; i++) {
            g = FloatVector.broadcast(FLOATS, d[i * classes + c]).fma(FloatVector.fromArray(FLOATS, x, xOffset + i * width), g);
        }
        g.mul(scale).intoArray(gradients, 0);
    }

    /** {@link ScalarProbeKernel#adamStep} on {@code vectors} vectors of weights from {@code at}. */
    private static void adam(float[] gradients, int from, float[] w, float[] m, float[] v, int at, int vectors,
            AdamStep adam) {
        for (int k = 0; k < vectors * L; k += L) {
            FloatVector gradient = FloatVector.fromArray(FLOATS, gradients, from + k);
            FloatVector first = FloatVector.fromArray(FLOATS, m, at + k).mul(adam.beta1())
                    .add(gradient.mul(adam.oneMinusBeta1()));
            FloatVector second = FloatVector.fromArray(FLOATS, v, at + k).mul(adam.beta2())
                    .add(gradient.mul(gradient).mul(adam.oneMinusBeta2()));
            first.intoArray(m, at + k);
            second.intoArray(v, at + k);
            FloatVector denominator = second.lanewise(VectorOperators.SQRT).div(adam.correction2()).add(adam.epsilon());
            FloatVector.fromArray(FLOATS, w, at + k).sub(first.div(denominator).mul(adam.rate())).intoArray(w, at + k);
        }
    }

    @Override
    public void keepMask(long key, int threshold, int firstIndex, byte[] out, int count) {
        int full = count - count % L;
        int[] flags = new int[L];
        IntVector one = IntVector.broadcast(INTS, 1);
        IntVector zero = IntVector.zero(INTS);
        for (int j = 0; j < full; j += L) {
            zero.blend(one, kept(firstIndex + j, key, threshold)).intoArray(flags, 0);
            for (int l = 0; l < L; l++) {
                out[j + l] = (byte) flags[l];
            }
        }
        for (int j = full; j < count; j++) {
            out[j] = Dropout.kept(key, firstIndex + j, threshold) ? (byte) 1 : (byte) 0;
        }
    }
}
