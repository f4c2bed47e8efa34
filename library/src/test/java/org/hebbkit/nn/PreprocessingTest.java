package org.hebbkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The fixed input transforms of presets, against their formulas. */
class PreprocessingTest {

    private static final DifferenceOfGaussians MICONI = new DifferenceOfGaussians(12, 0.5, 1.0);

    @Test
    void differenceOfGaussiansSumsToZeroKeepsSizeAndAnswersAnImpulseWithItsKernel() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] kernel = MICONI.kernel();
            assertEquals(144, kernel.length);
            double sum = 0;
            for (float k : kernel) {
                sum += k;
            }
            assertEquals(0, sum, 1e-6);
            NDArray filtered = MICONI.apply(manager.ones(new Shape(2, 3, 16, 16)));
            assertEquals(new Shape(2, 3, 16, 16), filtered.getShape());
            assertEquals(0f, filtered.get(new NDIndex(":, :, 6:10, 6:10")).abs().max().getFloat(), 1e-5f,
                    "a constant image has no band-pass response away from the border");
            NDArray impulse = manager.zeros(new Shape(1, 1, 16, 16));
            impulse.set(new NDIndex("0, 0, 8, 8"), 1f);
            assertEquals(kernel[5 * 12 + 5], MICONI.apply(impulse).getFloat(0, 0, 8, 8), 1e-6f);
            assertThrows(IllegalArgumentException.class, () -> new DifferenceOfGaussians(12, 1.0, 0.5));
        }
    }

    @Test
    void unitLengthStandardiseAndGrayscaleFollowTheirFormulas() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = manager.create(new float[] {3, 4, 0, 0, 1, 2, 3, 6}, new Shape(2, 1, 2, 2));
            assertArrayEquals(new float[] {0.6f, 0.8f, 0, 0}, new UnitLength().apply(images).get(0).toFloatArray(), 1e-6f);
            NDArray standard = new Standardise().apply(images);
            for (int i = 0; i < 2; i++) {
                float[] row = standard.get(i).toFloatArray();
                double mean = 0;
                double square = 0;
                for (float v : row) {
                    mean += v / 4.0;
                    square += v * v / 4.0;
                }
                assertEquals(0, mean, 1e-6);
                assertEquals(1, square, 1e-5);
            }
            NDArray rgb = manager.create(new float[] {1, 0, 0}, new Shape(1, 3, 1, 1));
            assertEquals(0.299f, new Grayscale().apply(rgb).getFloat(0, 0, 0, 0), 1e-6f);
            assertEquals(new Shape(1, 32, 32), new Grayscale().outputShape(new Shape(3, 32, 32)));
        }
    }
}
