package org.hebbkit.datasets.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.hebbkit.datasets.ImageSplit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransformsTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(1234);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void shuffleIsAPermutationFixedBySeedOnEveryMachine() {
        int[] order = Shuffle.permutation(10, 42);
        // SplittableRandom's sequence is specified by its algorithm, so this order is the same on every JVM.
        assertArrayEquals(new int[] {3, 4, 7, 0, 8, 5, 9, 2, 6, 1}, order);
        assertArrayEquals(order, Shuffle.permutation(10, 42));
        assertNotEquals(Arrays.toString(order), Arrays.toString(Shuffle.permutation(10, 43)));
        int[] sorted = Shuffle.permutation(1000, 7).clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void subsetsTakeFirstNAndBalanceClasses() {
        ImageSplit split = tinySplit(100);
        ImageSplit first = Subsets.firstN(split, 7);
        assertEquals(7, first.size());
        assertArrayEquals(split.imagePixels(6), first.imagePixels(6));
        ImageSplit last = Subsets.lastN(split, 5);
        assertEquals(5, last.size());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(split.imagePixels(95 + i), last.imagePixels(i));
            assertEquals(split.label(95 + i), last.label(i));
        }
        assertEquals("n must lie in [0, 100] for " + split.name() + ", got 101",
                assertThrows(IllegalArgumentException.class, () -> Subsets.lastN(split, 101)).getMessage());
        ImageSplit balanced = Subsets.classBalanced(split, 3, 1);
        assertArrayEquals(new int[] {3, 3, 3, 3}, balanced.classCounts());
        assertArrayEquals(balanced.labels(), Subsets.classBalanced(split, 3, 1).labels());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Subsets.classBalanced(split, 26, 1));
        assertTrue(error.getMessage().startsWith("perClass 26 is more than the 25 images of class 0"), error.getMessage());
    }

    @Test
    void randomCropWithoutPaddingIsIdentityAndWithPaddingShiftsContent() {
        NDArray images = manager.randomUniform(0, 1, new Shape(4, 3, 8, 8));
        assertEquals(images, new RandomCrop(0).apply(images, new SplittableRandom(1)));
        NDArray cropped = new RandomCrop(2).apply(images, new SplittableRandom(1));
        assertEquals(new Shape(4, 3, 8, 8), cropped.getShape());
        SplittableRandom replay = new SplittableRandom(1);
        for (int i = 0; i < 4; i++) {
            int top = replay.nextInt(5);
            int left = replay.nextInt(5);
            // output pixel (r, c) comes from input (r + top - 2, c + left - 2), zero outside
            int r = 4;
            int c = 4;
            float expected = images.getFloat(i, 1, r + top - 2, c + left - 2);
            assertEquals(expected, cropped.getFloat(i, 1, r, c), 0f);
        }
    }

    @Test
    void horizontalFlipMirrorsChosenImagesOnly() {
        NDArray images = manager.randomUniform(0, 1, new Shape(3, 1, 4, 5));
        assertEquals(images.flip(3), new HorizontalFlip(1).apply(images, new SplittableRandom(0)));
        assertEquals(images, new HorizontalFlip(0).apply(images, new SplittableRandom(0)));
        NDArray mixed = new HorizontalFlip(0.5).apply(images, new SplittableRandom(3));
        SplittableRandom replay = new SplittableRandom(3);
        for (int i = 0; i < 3; i++) {
            boolean flipped = replay.nextDouble() < 0.5;
            NDArray expected = flipped ? images.get(i).flip(2) : images.get(i);
            assertEquals(expected, mixed.get(i));
        }
    }

    private static ImageSplit tinySplit(int n) {
        byte[] pixels = new byte[n * 4];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 4);
            Arrays.fill(pixels, i * 4, i * 4 + 4, (byte) i);
        }
        return new ImageSplit("tiny", pixels, labels, 1, 2, 2, List.of("a", "b", "c", "d"));
    }
}
