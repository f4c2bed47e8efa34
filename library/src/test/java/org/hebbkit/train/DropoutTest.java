package org.hebbkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DropoutTest {

    private static float[] dropped(double probability, long seed, Shape shape) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray ones = manager.ones(shape);
            return new Dropout(probability, new SplittableRandom(seed)).apply(ones, manager).toFloatArray();
        }
    }

    @Test
    void keepsValuesWithProbabilityOneMinusPAndScalesThem() {
        for (double p : new double[] {0.5, 0.2, 0.9}) {
            float[] values = dropped(p, 3, new Shape(64, 1001));
            float scale = (float) (1 / (1 - p));
            long kept = 0;
            for (float v : values) {
                assertTrue(v == 0f || Math.abs(v - scale) < 1e-6f, "value " + v + " is neither 0 nor 1/(1-p)");
                kept += v == 0f ? 0 : 1;
            }
            double fraction = (double) kept / values.length;
            double sigma = Math.sqrt(p * (1 - p) / values.length);
            assertEquals(1 - p, fraction, 5 * sigma, "kept fraction for p = " + p);
        }
    }

    @Test
    void theSameSeedGivesTheSameMaskAndAnotherSeedAnother() {
        Shape shape = new Shape(7, 13);   // 91 values: not a multiple of the 4 slices per random long
        assertArrayEquals(dropped(0.5, 11, shape), dropped(0.5, 11, shape));
        assertFalse(Arrays.equals(dropped(0.5, 11, shape), dropped(0.5, 12, shape)));
    }

    /**
     * The engine-made mask against the documented rule, computed by a naive loop: value {@code i} keeps when slice
     * {@code i mod 4} of long {@code i / 4} is at least {@code round(p * 65536)}; the last {@code count mod 4} values
     * take the low slice of a long each. Thresholds at both ends of the 16-bit range and odd counts included.
     */
    @Test
    void maskFollowsTheSliceRuleValueByValue() {
        double[] probabilities = {0.5, 0.2, 0.9, 1.0 / 65536, 65535.0 / 65536, 0.123456};
        Shape[] shapes = {new Shape(1), new Shape(3), new Shape(4), new Shape(7, 13), new Shape(64, 100)};
        try (NDManager manager = NDManager.newBaseManager()) {
            for (double p : probabilities) {
                for (Shape shape : shapes) {
                    boolean[] kept = toBooleans(new Dropout(p, new SplittableRandom(5)).keep(manager, shape));
                    SplittableRandom random = new SplittableRandom(5);
                    int threshold = (int) Math.round(p * 65536);
                    int values = (int) shape.size();
                    int full = values - values % 4;
                    long bits = 0;
                    for (int i = 0; i < values; i++) {
                        int slice;
                        if (i < full) {
                            if (i % 4 == 0) {
                                bits = random.nextLong();
                            }
                            slice = (int) ((bits >>> (16 * (i % 4))) & 0xFFFF);
                        } else {
                            slice = (int) (random.nextLong() & 0xFFFF);
                        }
                        assertEquals(slice >= threshold, kept[i], "p " + p + ", shape " + shape + ", value " + i);
                    }
                }
            }
        }
    }

    private static boolean[] toBooleans(NDArray mask) {
        assertEquals(ai.djl.ndarray.types.DataType.BOOLEAN, mask.getDataType());
        byte[] bytes = mask.toByteArray();
        boolean[] values = new boolean[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] != 0;
        }
        return values;
    }

    @Test
    void zeroProbabilityReturnsTheInputAndInvalidProbabilitiesAreRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.ones(new Shape(3));
            assertSame(x, new Dropout(0, new SplittableRandom(0)).apply(x, manager));
        }
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new Dropout(1.0, new SplittableRandom(0)));
        assertTrue(error.getMessage().contains("[0, 1)"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1, new SplittableRandom(0)));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(Double.NaN, new SplittableRandom(0)));
    }
}
