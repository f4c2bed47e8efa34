package org.hebbkit.train;

import java.nio.ByteBuffer;

/** {@link ProbeKernel} in plain Java: the definition the vector form is tested against. */
final class ScalarProbeKernel implements ProbeKernel {

    @Override
    public String name() {
        return "scalar";
    }

    /**
     * float16 bits (low 16 bits of {@code bits}) to float32, exactly: the magnitude moved into float32's exponent and
     * mantissa fields and scaled by 2^112 (which also makes float16's subnormals normal), infinities and NaN mapped
     * field by field, the sign put back.
     */
    static float halfToFloat(int bits) {
        int sign = (bits & 0x8000) << 16;
        int magnitude = bits & 0x7FFF;
        int widened = magnitude >= 0x7C00
                ? 0x7F800000 | (magnitude & 0x3FF) << 13
                : Float.floatToRawIntBits(Float.intBitsToFloat(magnitude << 13) * 0x1p112f);
        return Float.intBitsToFloat(widened | sign);
    }

    @Override
    public void load(ByteBuffer source, int byteOffset, boolean half, float[] target, int targetOffset, int count,
            int firstIndex, long key, int threshold, boolean drop) {
        for (int j = 0; j < count; j++) {
            float value = half ? halfToFloat(source.getShort(byteOffset + 2 * j)) : source.getFloat(byteOffset + 4 * j);
            target[targetOffset + j] = drop && !Dropout.kept(key, firstIndex + j, threshold) ? 0f : value;
        }
    }

    @Override
    public void logitsPartial(float[] x, int xOffset, int width, int rows, float[] w, int wOffset, int wStride,
            int classes, float[] lanes, int lanesOffset, float[] rest, int restOffset) {
        int full = width - width % LANES;
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < classes; c++) {
                int out = lanesOffset + (i * classes + c) * LANES;
                java.util.Arrays.fill(lanes, out, out + LANES, 0f);
                for (int j = 0; j < full; j++) {
                    lanes[out + j % LANES] = Math.fma(x[xOffset + i * width + j], w[wOffset + c * wStride + j],
                            lanes[out + j % LANES]);
                }
                float sum = 0;
                for (int j = full; j < width; j++) {
                    sum = Math.fma(x[xOffset + i * width + j], w[wOffset + c * wStride + j], sum);
                }
                rest[restOffset + i * classes + c] = sum;
            }
        }
    }

    @Override
    public float sumSlices(float[] lanes, int first, int stride, float[] rest, int restFirst, int restStride,
            int slices) {
        float[] partial = new float[LANES];
        float remainder = 0;
        for (int s = 0; s < slices; s++) {
            for (int l = 0; l < LANES; l++) {
                partial[l] += lanes[first + s * stride + l];
            }
            remainder += rest[restFirst + s * restStride];
        }
        return sumInOrder(partial) + remainder;
    }

    /** The lanes added in order. */
    static float sumInOrder(float[] partial) {
        float sum = 0;
        for (float value : partial) {
            sum += value;
        }
        return sum;
    }

    @Override
    public void gradientAdam(float[] x, int xOffset, int width, int rows, float[] d, int classes, float scale,
            float[] w, float[] m, float[] v, int wOffset, int wStride, AdamStep adam) {
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < width; j++) {
                float sum = 0;
                for (int i = 0; i < rows; i++) {
                    sum = Math.fma(d[i * classes + c], x[xOffset + i * width + j], sum);
                }
                adamStep(sum * scale, w, m, v, wOffset + c * wStride + j, adam);
            }
        }
    }

    /** One weight's Adam step, in the order of {@link ProbeKernel}'s definition. */
    static void adamStep(float gradient, float[] w, float[] m, float[] v, int at, AdamStep adam) {
        float first = m[at] * adam.beta1() + gradient * adam.oneMinusBeta1();
        float second = v[at] * adam.beta2() + gradient * gradient * adam.oneMinusBeta2();
        m[at] = first;
        v[at] = second;
        float denominator = (float) Math.sqrt(second) / adam.correction2() + adam.epsilon();
        w[at] -= first / denominator * adam.rate();
    }

    @Override
    public void keepMask(long key, int threshold, int firstIndex, byte[] out, int count) {
        for (int j = 0; j < count; j++) {
            out[j] = Dropout.kept(key, firstIndex + j, threshold) ? (byte) 1 : (byte) 0;
        }
    }
}
