package org.hebbkit.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Loads the real files and checks facts published with them. */
class RealDatasetsTest {

    @Test
    void mnistTrainHasSixtyThousandImagesWithPublishedFirstLabels() throws Exception {
        Path data = RealData.directoryWith("mnist/train-images-idx3-ubyte.gz");
        ImageSplit train = Mnist.builder().optDataDirectory(data).build().prepare();
        assertEquals(60_000, train.size());
        assertEquals(new Shape(1, 28, 28), train.imageShape());
        assertArrayEquals(new int[] {5, 0, 4, 1, 9}, java.util.Arrays.copyOf(train.labels(), 5));
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, train.classCounts());
    }

    @Test
    void mnistTestHasTenThousandImages() throws Exception {
        Path data = RealData.directoryWith("mnist/t10k-images-idx3-ubyte.gz");
        ImageSplit test = Mnist.builder().optSplit(Split.TEST).optDataDirectory(data).build().prepare();
        assertEquals(10_000, test.size());
        assertEquals(7, test.label(0));
    }

    @Test
    void fashionMnistHasSixThousandTrainingImagesPerClass() throws Exception {
        Path data = RealData.directoryWith("fashion-mnist/train-images-idx3-ubyte.gz");
        ImageSplit train = FashionMnist.builder().optDataDirectory(data).build().prepare();
        assertEquals(60_000, train.size());
        for (int count : train.classCounts()) {
            assertEquals(6_000, count);
        }
        ImageSplit test = FashionMnist.builder().optSplit(Split.TEST).optDataDirectory(data).build().prepare();
        assertEquals(10_000, test.size());
    }

    @Test
    void cifar10TrainMatchesPublishedFacts() throws Exception {
        Path data = RealData.directoryWith("cifar-10/cifar-10-batches-bin/data_batch_1.bin");
        CifarDataset dataset = Cifar10.builder().optDataDirectory(data).build();
        ImageSplit train = dataset.prepare();
        assertSame(train, dataset.prepare(), "prepare is idempotent");
        assertEquals(50_000, train.size());
        assertEquals(new Shape(3, 32, 32), train.imageShape());
        assertArrayEquals(new int[] {6, 9, 9, 4, 1}, java.util.Arrays.copyOf(train.labels(), 5));
        for (int count : train.classCounts()) {
            assertEquals(5_000, count);
        }
        double[] means = train.channelMeans();
        assertEquals(0.4914, means[0], 1e-3);
        assertEquals(0.4822, means[1], 1e-3);
        assertEquals(0.4465, means[2], 1e-3);
    }

    @Test
    void cifar10TestMatchesPublishedFirstLabelsAndBatchesAreNchwInUnitRange() throws Exception {
        Path data = RealData.directoryWith("cifar-10/cifar-10-batches-bin/test_batch.bin");
        ImageSplit test = Cifar10.builder().optSplit(Split.TEST).optDataDirectory(data).build().prepare();
        assertEquals(10_000, test.size());
        assertArrayEquals(new int[] {3, 8, 8, 0, 6}, java.util.Arrays.copyOf(test.labels(), 5));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = test.images(manager, 0, 4);
            assertEquals(new Shape(4, 3, 32, 32), x.getShape());
            assertEquals(test.pixel(2, 1, 5, 7) / 255f, x.getFloat(2, 1, 5, 7), 1e-7);
            assertEquals(0f, x.min().getFloat(), 0.2f);
            assertEquals(1f, Math.max(x.max().getFloat(), 0.8f), 0.2f);
            NDArray normalised = test.images(manager, new int[] {2}, ChannelNormalization.CIFAR10);
            float expected = (test.pixel(2, 1, 5, 7) / 255f - 0.4822f) / 0.2435f;
            assertEquals(expected, normalised.getFloat(0, 1, 5, 7), 1e-5);
            assertArrayEquals(new int[] {3, 8, 8, 0}, test.labels(manager, 0, 4).toIntArray());
        }
    }
}
