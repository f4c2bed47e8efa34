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
        Shape shape = new Shape(7, 13);   // 91 values: not a multiple of 8 (a vector of masks)
        assertArrayEquals(dropped(0.5, 11, shape), dropped(0.5, 11, shape));
        assertFalse(Arrays.equals(dropped(0.5, 11, shape), dropped(0.5, 12, shape)));
    }

    /**
     * The mask against the documented rule, computed here by a naive loop with MurmurHash3's finaliser written out again:
     * value {@code i} is kept when {@code fmix32(fmix32(i ^ low(key)) ^ high(key))}, unsigned, is at least
     * {@code round(p * 2^32)}, the key being the dropout's next random long. Thresholds at both ends of the range, odd
     * counts, and the engine-made mask of {@link Dropout#keep} included.
     */
    @Test
    void maskFollowsTheCounterRuleValueByValue() {
        double[] probabilities = {0.5, 0.2, 0.9, 0x1p-32, 1 - 0x1p-32, 0.123456};
        Shape[] shapes = {new Shape(1), new Shape(3), new Shape(4), new Shape(7, 13), new Shape(64, 100)};
        try (NDManager manager = NDManager.newBaseManager()) {
            for (double p : probabilities) {
                for (Shape shape : shapes) {
                    boolean[] kept = toBooleans(new Dropout(p, new SplittableRandom(5)).keep(manager, shape));
                    long key = new SplittableRandom(5).nextLong();
                    long threshold = Math.min(Math.round(p * 4294967296.0), 4294967295L);
                    for (int i = 0; i < kept.length; i++) {
                        long bits = murmurFinaliser(murmurFinaliser(i ^ (int) key) ^ (int) (key >>> 32)) & 0xFFFFFFFFL;
                        assertEquals(bits >= threshold, kept[i], "p " + p + ", shape " + shape + ", value " + i);
                        assertEquals(bits >= threshold, Dropout.kept(key, i, Dropout.threshold(p)));
                    }
                }
            }
        }
    }

    private static int murmurFinaliser(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /**
     * Neighbouring values, and the same value under the next key, are dropped independently: over 2^20 values at
     * {@code p = 0.5}, both agreement rates lie within 5 standard deviations of 1/2.
     */
    @Test
    void neighboursAndSuccessiveMasksAreIndependent() {
        SplittableRandom random = new SplittableRandom(8);
        int count = 1 << 20;
        int threshold = Dropout.threshold(0.5);
        long key = random.nextLong();
        long next = random.nextLong();
        long sameAsNeighbour = 0;
        long sameAsNextMask = 0;
        for (int i = 0; i < count; i++) {
            boolean kept = Dropout.kept(key, i, threshold);
            sameAsNeighbour += kept == Dropout.kept(key, i + 1, threshold) ? 1 : 0;
            sameAsNextMask += kept == Dropout.kept(next, i, threshold) ? 1 : 0;
        }
        double sigma = 0.5 / Math.sqrt(count);
        assertEquals(0.5, (double) sameAsNeighbour / count, 5 * sigma, "agreement of values i and i + 1");
        assertEquals(0.5, (double) sameAsNextMask / count, 5 * sigma, "agreement of value i under two keys");
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
