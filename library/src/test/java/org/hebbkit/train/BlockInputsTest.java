package org.hebbkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.hebbkit.RealImages;
import org.hebbkit.model.Configs;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.model.Preset;
import org.hebbkit.model.Presets;
import org.junit.jupiter.api.Test;

/**
 * Lower blocks computed once ({@link BlockInputs}): the kept inputs are the lower blocks' output up to float16
 * rounding, in any order and across chunks; in-order reads free what they read; successive training and feature
 * extraction with kept inputs agree with recomputing the lower blocks, on real CIFAR-10 images.
 */
class BlockInputsTest {

    /** SoftHebb's 3-layer CIFAR-10 preset, narrowed to 16 / 32 / 64 channels so a test runs in seconds. */
    private static final Preset THREE_BLOCKS = narrowed(Presets.get("softhebb-cifar10-3layer"), 16, 32, 64);

    /** 2,345 images: two full chunks of 1,000 and a partial one. */
    private static final int IMAGES = 2345;

    @Test
    void keptInputsAreTheLowerBlocksOutputUpToFloat16RoundingInAnyOrderAcrossChunks() throws IOException {
        LabelledImages data = RealImages.cifar10(false, IMAGES);
        try (HebbianNetwork network = HebbianNetwork.create(THREE_BLOCKS, Device.cpu(), 3)) {
            trainBatchNorms(network, data);
            int[] picked = {0, 999, 1000, 2344, 17, 1500, 999, 2000};
            try (BlockInputs second = BlockInputs.compute(network, data, 1, 64, null)) {
                assertEquals(1, second.block());
                assertEquals(IMAGES, second.size());
                assertEquals(data.label(1500), second.label(1500));
                // 2,345 x 16 x 16 x 16 float16 values
                assertEquals(2L * IMAGES * 16 * 16 * 16, second.bytes());
                try (NDManager scope = network.newScope()) {
                    NDArray expected = network.forward(data.images(scope, picked), 1);
                    NDArray kept = second.rows(scope, picked);
                    assertEquals(expected.getShape(), kept.getShape());
                    assertEquals(DataType.FLOAT32, kept.getDataType());
                    assertWithinFloat16(expected.toFloatArray(), kept.toFloatArray());
                }
                BlockInputs third = second.next(network, 50, null);
                try (third) {
                    assertEquals(2, third.block());
                    assertEquals(0, second.bytes(), "next() frees the inputs it read");
                    IllegalStateException freed = assertThrows(IllegalStateException.class,
                            () -> second.rows(network.manager(), new int[] {3}));
                    assertTrue(freed.getMessage().contains("already freed"), freed.getMessage());
                    try (NDManager scope = network.newScope()) {
                        float[] expected = network.forward(data.images(scope, picked), 2).toFloatArray();
                        float[] kept = third.rows(scope, picked).toFloatArray();
                        // two roundings, the second one's error carried through block 2
                        assertClose(expected, kept, 4e-3);
                    }
                }
            }
        }
    }

    @Test
    void featuresFromKeptInputsMatchTheImagesAndFreeTheInputsAsTheyGo() throws IOException {
        LabelledImages data = RealImages.cifar10(false, IMAGES);
        try (HebbianNetwork network = HebbianNetwork.create(THREE_BLOCKS, Device.cpu(), 4)) {
            trainBatchNorms(network, data);
            int arrays = network.manager().getManagedArrays().size();
            BlockInputs third = BlockInputs.compute(network, data, 2, 50, null);
            long before = third.bytes();
            List<Long> held = new ArrayList<>();
            TrainingListener watch = new TrainingListener() {
                @Override
                public void batchFinished(TrainingEvents.BatchFinished event) {
                    held.add(third.bytes());
                }
            };
            // batches of 64 cross the chunk boundaries at 1,000 and 2,000
            try (Features fromInputs = FeatureExtractor.extract(network, third, 64, DataType.FLOAT32, watch, "kept");
                    Features fromImages = FeatureExtractor.extract(network, data, 64, DataType.FLOAT32, null, "images")) {
                assertEquals(fromImages.featureCount(), fromInputs.featureCount());
                for (int i = 0; i < IMAGES; i += 97) {
                    assertEquals(fromImages.label(i), fromInputs.label(i));
                }
                int[] all = LabelledImages.range(0, IMAGES);
                try (NDManager scope = network.newScope()) {
                    assertClose(fromImages.rows(scope, all).toFloatArray(), fromInputs.rows(scope, all).toFloatArray(),
                            4e-3);
                }
            }
            assertEquals(0, third.bytes());
            // nothing computed from the weights was left in the network's manager (one array per batch once held
            // 8 GB more in a 3-layer run)
            assertEquals(arrays, network.manager().getManagedArrays().size(), "arrays in the network's manager");
            // batch 16 reads rows 960 to 1,023: the first chunk (1,000 x 32 x 8 x 8 float16 values) goes then
            assertEquals(before, held.get(14), "held after 15 batches");
            assertEquals(before - 1000L * 32 * 8 * 8 * 2, held.get(15), "held after 16 batches");
        }
    }

    @Test
    void aChunkBeyondFloat16sRangeIsKeptInFloat32Exactly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int[] labels = new int[1500];
            BlockInputs inputs = BlockInputs.build(manager, manager::newSubManager, 1, labels, 100, null, 2, (scope, from, to) -> {
                float[] values = new float[(to - from) * 2];
                for (int i = 0; i < values.length; i++) {
                    // row r, column c: r / 8 + c / 2 (exact in float16), but from row 1,200 on 100,000 + 2 r + c,
                    // beyond float16's largest value, 65,504
                    int row = from + i / 2;
                    values[i] = row >= 1200 ? 1e5f + 2 * row + i % 2 : row / 8f + (i % 2) / 2f;
                }
                return scope.create(values, new Shape(to - from, 2, 1, 1));
            });
            try (inputs) {
                // chunk 1 (rows 1,000 to 1,499) widened when row 1,200 came; chunk 0 stays float16
                assertEquals(1000 * 2 * 2 + 500 * 2 * 4, inputs.bytes());
                try (NDManager scope = manager.newSubManager()) {
                    float[] row = inputs.rows(scope, new int[] {1300}).toFloatArray();
                    assertArrayEquals(new float[] {1e5f + 2600, 1e5f + 2601}, row);
                    float[] low = inputs.rows(scope, new int[] {1100, 7}).toFloatArray();
                    assertArrayEquals(new float[] {137.5f, 138f, 0.875f, 1.375f}, low);
                }
            }
        }
    }

    @Test
    void successiveTrainingWithKeptInputsAgreesWithRecomputingTheLowerBlocks() throws IOException {
        LabelledImages data = RealImages.cifar10(false, 1050);
        Preset preset = THREE_BLOCKS;
        try (HebbianNetwork recomputed = HebbianNetwork.create(preset, Device.cpu(), 5);
                HebbianNetwork kept = HebbianNetwork.create(preset, Device.cpu(), 5)) {
            UnsupervisedTrainer.builder().setBatchSize(20).optShuffleSeed(5).build().fit(recomputed, data);
            List<String> stages = new ArrayList<>();
            TrainingListener names = new TrainingListener() {
                @Override
                public void stageStarted(TrainingEvents.StageStarted event) {
                    stages.add(event.stage());
                }
            };
            BlockInputs last = UnsupervisedTrainer.builder().setBatchSize(20).optShuffleSeed(5).optKeepBlockInputs(true)
                    .optListener(names).build().fitKeepingInputs(kept, data);
            assertEquals(List.of("hebbian block 1/3", "block inputs 2/3", "hebbian block 2/3", "block inputs 3/3",
                    "hebbian block 3/3"), stages);
            assertEquals(2, last.block());
            // a stage of shuffled reads (53 batches) left nothing behind: the two chunks of 1,050 images alone
            assertEquals(2, last.arraysHeld());
            // block 1 learns on the images either way: the same weights, bit for bit
            assertArrayEquals(weights(recomputed, 0), weights(kept, 0));
            // blocks 2 and 3 learn on inputs rounded to float16: close, not equal (measured 1.5e-5 and 1.9e-4)
            for (int b = 1; b < 3; b++) {
                double difference = relativeDifference(weights(recomputed, b), weights(kept, b));
                assertTrue(difference > 0 && difference < 1e-3, "block " + (b + 1) + ": relative difference " + difference);
            }
            // a batch fed from the wrong images would move the weights far more: the same training in another order
            // differs by 1.0e-2
            try (HebbianNetwork reordered = HebbianNetwork.create(preset, Device.cpu(), 5)) {
                UnsupervisedTrainer.builder().setBatchSize(20).optShuffleSeed(6).build().fit(reordered, data);
                double other = relativeDifference(weights(recomputed, 2), weights(reordered, 2));
                assertTrue(other > 5 * relativeDifference(weights(recomputed, 2), weights(kept, 2)),
                        "another image order: " + other);
            }
            try (Features fromKept = FeatureExtractor.extract(kept, last, 50, DataType.FLOAT32, null, "train");
                    Features fromImages = FeatureExtractor.extract(kept, data, 50, DataType.FLOAT32, null, "train")) {
                int[] all = LabelledImages.range(0, data.size());
                try (NDManager scope = kept.newScope()) {
                    assertClose(fromImages.rows(scope, all).toFloatArray(), fromKept.rows(scope, all).toFloatArray(), 4e-3);
                }
            }
        }
    }

    @Test
    void refusesABlockWithoutBlocksBelowIt() throws IOException {
        try (HebbianNetwork network = HebbianNetwork.create(THREE_BLOCKS, Device.cpu(), 1)) {
            LabelledImages data = RealImages.cifar10(false, 10);
            IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                    () -> BlockInputs.compute(network, data, 0, 10, null));
            assertEquals("block must be from 1 to 3 (the blocks below it compute its inputs), got 0", zero.getMessage());
            BlockInputs output = BlockInputs.compute(network, data, 3, 10, null);
            try (output) {
                IllegalStateException above = assertThrows(IllegalStateException.class,
                        () -> output.next(network, 10, null));
                assertEquals("these are the outputs of the last block (3); there is no block above", above.getMessage());
            }
        }
    }

    private static Preset narrowed(Preset preset, int... channels) {
        for (int b = 0; b < channels.length; b++) {
            preset = Configs.with(preset, "blocks." + b + ".outChannels", channels[b]);
        }
        return preset;
    }

    /** Batch-norm statistics from 300 images, so the blocks see normalised inputs as after training. */
    private static void trainBatchNorms(HebbianNetwork network, LabelledImages data) {
        UnsupervisedTrainer.builder().setBatchSize(10).optFrozenWeights(true).build()
                .fit(network, LabelledImages.of(300, data::label, data::images));
    }

    private static float[] weights(HebbianNetwork network, int block) {
        return network.blocks().get(block).layer().weight().toFloatArray();
    }

    private static double relativeDifference(float[] a, float[] b) {
        double difference = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            difference += (a[i] - (double) b[i]) * (a[i] - (double) b[i]);
            norm += a[i] * (double) a[i];
        }
        return Math.sqrt(difference / norm);
    }

    /** Each value within float16's rounding of the expected one: 2^-11 relative (or 2^-24 below its normal range). */
    private static void assertWithinFloat16(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        boolean rounded = false;
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(expected[i] - actual[i]);
            assertTrue(error <= Math.abs(expected[i]) / 2048 + 6e-8, "value " + i + ": " + actual[i] + " for " + expected[i]);
            rounded |= error > 0;
        }
        assertTrue(rounded, "stored in float16, some values must have been rounded");
    }

    /** Largest difference within {@code tolerance} of the largest magnitude. */
    private static void assertClose(float[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length);
        double largest = 0;
        double difference = 0;
        for (int i = 0; i < expected.length; i++) {
            largest = Math.max(largest, Math.abs(expected[i]));
            difference = Math.max(difference, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(largest > 0 && difference <= tolerance * largest,
                "largest difference " + difference + " against largest value " + largest);
    }
}
