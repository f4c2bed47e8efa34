package org.hebbkit.datasets.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.hebbkit.datasets.ImageSplit;
import org.junit.jupiter.api.Test;

/** Reflect padding as torchvision's, random resized crops inside the image, and augmented copies for the readout. */
class ReadoutAugmentationTest {

    @Test
    void reflectPaddingMirrorsAboutTheEdgeWithoutRepeatingIt() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // rows 1-4, 5-8, 9-12 padded by 2: torchvision's reflect turns row 1 2 3 4 into 3 2 | 1 2 3 4 | 3 2, above it row 9-12
            NDArray row = manager.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, new Shape(1, 1, 3, 4));
            NDArray padded = RandomCrop.reflectPad(row, 2);
            assertEquals(new Shape(1, 1, 7, 8), padded.getShape());
            assertArrayEquals(new float[] {3, 2, 1, 2, 3, 4, 3, 2}, padded.get("0, 0, 2, :").toFloatArray());
            assertArrayEquals(new float[] {11, 10, 9, 10, 11, 12, 11, 10}, padded.get("0, 0, 0, :").toFloatArray());
            NDArray cropped = new RandomCrop(2, true).apply(row, new SplittableRandom(1));
            assertEquals(new Shape(1, 1, 3, 4), cropped.getShape());
        }
    }

    @Test
    void aResizedCropWindowLiesInsideTheImage() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            int[] window = RandomResizedCrop.window(160, 213, random);
            assertTrue(window[0] >= 0 && window[1] >= 0 && window[2] >= 1 && window[3] >= 1
                    && window[0] + window[2] <= 160 && window[1] + window[3] <= 213, java.util.Arrays.toString(window));
        }
        byte[] grey = new byte[3 * 20 * 20];
        java.util.Arrays.fill(grey, (byte) 90);
        byte[] out = new RandomResizedCrop().apply(grey, 3, 20, 20, 20, 20, random);
        for (byte value : out) {
            assertEquals(90, Byte.toUnsignedInt(value));
        }
    }

    @Test
    void copiesKeepTheLabelsInOrderAndDifferFromEachOther() {
        int n = 5;
        byte[] pixels = new byte[n * 3 * 12 * 12];
        new SplittableRandom(5).nextBytes(pixels);
        int[] labels = {4, 3, 2, 1, 0};
        ImageSplit split = new ImageSplit("tiny", pixels, labels, 3, 12, 12, List.of("a", "b", "c", "d", "e"));
        for (String kind : List.of("crop-flip", "resized-crop-flip")) {
            ImageSplit copies = ReadoutAugmentation.copies(split, kind, 3, 11);
            assertEquals(15, copies.size());
            for (int i = 0; i < 15; i++) {
                assertEquals(labels[i % n], copies.label(i));
            }
            assertNotEquals(java.util.Arrays.toString(copies.imagePixels(0)), java.util.Arrays.toString(copies.imagePixels(5)));
            assertArrayEquals(copies.imagePixels(7), ReadoutAugmentation.copies(split, kind, 3, 11).imagePixels(7));
        }
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ReadoutAugmentation.copies(split, "rotate", 1, 0));
        assertTrue(none.getMessage().contains("crop-flip or resized-crop-flip"), none.getMessage());
    }
}
