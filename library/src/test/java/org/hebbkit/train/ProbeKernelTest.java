package org.hebbkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The two forms of {@link ProbeKernel}: the vector form gives the scalar form's floats bit for bit over geometries that
 * leave every remainder (widths not a multiple of 8 or 32, row counts not a multiple of 4, odd class counts), and both
 * widen every float16 value exactly as the engine does.
 */
class ProbeKernelTest {

    private static final int[][] GEOMETRIES = {
        // width, rows, classes
        {1, 1, 1}, {7, 3, 2}, {8, 4, 3}, {33, 5, 10}, {64, 64, 10}, {515, 65, 7}, {512, 13, 1},
    };

    private static ProbeKernel vector() {
        ProbeKernel best = ProbeKernel.best();
        assumeTrue(best instanceof VectorProbeKernel, "the vector API is not available in this JVM (--add-modules"
                + " jdk.incubator.vector, 256-bit vectors): " + best.name());
        return best;
    }

    @Test
    void vectorFormGivesTheScalarFormBitForBit() {
        ProbeKernel vector = vector();
        ProbeKernel scalar = new ScalarProbeKernel();
        SplittableRandom random = new SplittableRandom(3);
        for (int[] geometry : GEOMETRIES) {
            int width = geometry[0];
            int rows = geometry[1];
            int classes = geometry[2];
            int stride = width + 5;   // the slice is part of wider rows, as in the probe
            String where = "width " + width + ", rows " + rows + ", classes " + classes;
            for (boolean half : new boolean[] {true, false}) {
                ByteBuffer source = ByteBuffer.allocateDirect(rows * stride * 4 + 8).order(ByteOrder.nativeOrder());
                for (int k = 0; k < rows * stride; k++) {
                    if (half) {
                        source.putShort(2 * k, (short) random.nextInt(1 << 16));
                    } else {
                        source.putFloat(4 * k, (float) random.nextGaussian());
                    }
                }
                for (boolean drop : new boolean[] {false, true}) {
                    long key = random.nextLong();
                    int threshold = Dropout.threshold(0.3);
                    float[] fromVector = new float[rows * width];
                    float[] fromScalar = new float[rows * width];
                    for (int i = 0; i < rows; i++) {
                        int offset = (i * stride + 3) * (half ? 2 : 4);
                        vector.load(source, offset, half, fromVector, i * width, width, i * stride + 3, key, threshold, drop);
                        scalar.load(source, offset, half, fromScalar, i * width, width, i * stride + 3, key, threshold, drop);
                    }
                    assertBitsEqual(fromScalar, fromVector, "load, " + where + ", half " + half + ", drop " + drop);
                }
            }
            float[] x = gaussian(random, rows * width);
            float[] w = gaussian(random, classes * stride);
            float[][] lanes = new float[2][rows * classes * ProbeKernel.LANES + 3];
            float[][] rest = new float[2][rows * classes + 2];
            scalar.logitsPartial(x, 0, width, rows, w, 2, stride, classes, lanes[0], 3, rest[0], 2);
            vector.logitsPartial(x, 0, width, rows, w, 2, stride, classes, lanes[1], 3, rest[1], 2);
            assertBitsEqual(lanes[0], lanes[1], "partial logits, " + where);
            assertBitsEqual(rest[0], rest[1], "rests, " + where);
            int slices = 3;
            float[] manyLanes = gaussian(random, slices * 5 * ProbeKernel.LANES);
            float[] manyRests = gaussian(random, slices * 5);
            assertEquals(Float.floatToIntBits(scalar.sumSlices(manyLanes, 8, 5 * ProbeKernel.LANES, manyRests, 1, 5, slices)),
                    Float.floatToIntBits(vector.sumSlices(manyLanes, 8, 5 * ProbeKernel.LANES, manyRests, 1, 5, slices)),
                    "sum of slices, " + where);
            float[] d = gaussian(random, rows * classes);
            ProbeKernel.AdamStep adam = FusedProbe.adamStep(1e-3, 1 + random.nextInt(100));
            float[][] weights = {gaussian(random, classes * stride), null};
            float[][] first = {gaussian(random, classes * stride), null};
            float[][] second = {gaussian(random, classes * stride), null};
            for (int k = 0; k < second[0].length; k++) {
                second[0][k] = Math.abs(second[0][k]) * 1e-4f;
            }
            weights[1] = weights[0].clone();
            first[1] = first[0].clone();
            second[1] = second[0].clone();
            scalar.gradientAdam(x, 0, width, rows, d, classes, 2f, weights[0], first[0], second[0], 2, stride, adam);
            vector.gradientAdam(x, 0, width, rows, d, classes, 2f, weights[1], first[1], second[1], 2, stride, adam);
            assertBitsEqual(weights[0], weights[1], "weights after Adam, " + where);
            assertBitsEqual(first[0], first[1], "first moments, " + where);
            assertBitsEqual(second[0], second[1], "second moments, " + where);
            byte[][] masks = new byte[2][rows * width];
            long key = random.nextLong();
            scalar.keepMask(key, Dropout.threshold(0.7), 11, masks[0], masks[0].length);
            vector.keepMask(key, Dropout.threshold(0.7), 11, masks[1], masks[1].length);
            assertArrayEquals(masks[0], masks[1], "masks, " + where);
        }
    }

    @Test
    void everyFloat16WidensExactlyAsTheEngineWidensIt() {
        ByteBuffer halves = ByteBuffer.allocateDirect(2 << 16).order(ByteOrder.nativeOrder());
        for (int bits = 0; bits < 1 << 16; bits++) {
            halves.putShort(2 * bits, (short) bits);
        }
        float[] engine;
        try (NDManager manager = NDManager.newBaseManager()) {
            engine = manager.create(halves.duplicate().order(ByteOrder.nativeOrder()), new Shape(1 << 16), DataType.FLOAT16)
                    .toType(DataType.FLOAT32, false).toFloatArray();
        }
        ProbeKernel best = ProbeKernel.best();
        for (ProbeKernel kernel : new ProbeKernel[] {new ScalarProbeKernel(), best}) {
            float[] widened = new float[1 << 16];
            kernel.load(halves, 0, true, widened, 0, 1 << 16, 0, 0, 0, false);
            for (int bits = 0; bits < 1 << 16; bits++) {
                if (Float.isNaN(engine[bits])) {
                    assertEquals(true, Float.isNaN(widened[bits]), kernel.name() + ": float16 0x"
                            + Integer.toHexString(bits) + " is NaN");
                } else {
                    assertEquals(Float.floatToRawIntBits(engine[bits]), Float.floatToRawIntBits(widened[bits]),
                            kernel.name() + ": float16 0x" + Integer.toHexString(bits) + " = " + engine[bits]);
                }
            }
        }
    }

    private static float[] gaussian(SplittableRandom random, int count) {
        float[] values = new float[count];
        for (int k = 0; k < count; k++) {
            values[k] = (float) random.nextGaussian();
        }
        return values;
    }

    private static void assertBitsEqual(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int k = 0; k < expected.length; k++) {
            if (Float.floatToIntBits(expected[k]) != Float.floatToIntBits(actual[k])) {
                assertEquals(expected[k], actual[k], 0, what + ", value " + k + " (bits differ)");
                throw new AssertionError(what + ", value " + k + ": " + expected[k] + " and " + actual[k]
                        + " differ in sign of zero");
            }
        }
    }
}
