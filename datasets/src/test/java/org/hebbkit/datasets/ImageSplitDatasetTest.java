package org.hebbkit.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The split as a DJL dataset: batches of the sampler's size, images and labels of the split. */
class ImageSplitDatasetTest {

    @Test
    void batchesCarryTheSplitsImagesAndLabels() throws Exception {
        byte[] pixels = new byte[10 * 4];
        byte[] labels = new byte[10];
        for (int i = 0; i < 10; i++) {
            labels[i] = (byte) (i % 3);
            pixels[i * 4] = (byte) (i * 20);
        }
        ImageSplit split = new ImageSplit("tiny", pixels, labels, 1, 2, 2, List.of("a", "b", "c"));
        ImageSplitDataset dataset = ImageSplitDataset.builder().setSplit(split).setSampling(4, false).build();
        assertEquals(10, dataset.size());
        List<Integer> seen = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Batch batch : dataset.getData(manager)) {
                assertEquals(new Shape(batch.getSize(), 1, 2, 2), batch.getData().singletonOrThrow().getShape());
                float[] firstPixels = batch.getData().singletonOrThrow().get(":, 0, 0, 0").toFloatArray();
                int[] batchLabels = batch.getLabels().singletonOrThrow().toIntArray();
                for (int i = 0; i < batchLabels.length; i++) {
                    int index = seen.size();
                    assertEquals(index * 20 / 255f, firstPixels[i], 1e-6);
                    assertEquals(index % 3, batchLabels[i]);
                    seen.add(index);
                }
                batch.close();
            }
        }
        assertEquals(10, seen.size());
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> ImageSplitDataset.builder().setSplit(split).build());
        assertEquals("sampling: call setSampling(batchSize, random) before build()", error.getMessage());
    }
}
