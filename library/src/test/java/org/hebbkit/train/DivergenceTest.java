package org.hebbkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import org.hebbkit.model.Configs;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.model.Preset;
import org.hebbkit.rule.ConstantRate;
import org.hebbkit.rule.NoCompetition;
import org.hebbkit.rule.PlainHebb;
import org.junit.jupiter.api.Test;

/**
 * NaN or infinite weights or losses stop training with a message that names the stage, the layer, the epoch, the
 * batch and the likely cause; a Hebbian layer gets back its state from the start of the epoch.
 */
class DivergenceTest {

    private static final LabelledImages TRAIN = TinyData.images(400, 1);

    /**
     * Plain Hebb without competition ({@code y = u}), so {@code dW = W x x^T}: the weights grow geometrically, and
     * a large rate without normalisation takes them past float's range within a few batches.
     */
    private static Preset exploding() {
        Preset preset = TinyData.preset();
        preset = Configs.with(preset, "blocks.0.competition", new NoCompetition());
        preset = Configs.with(preset, "blocks.0.rule", new PlainHebb());
        preset = Configs.with(preset, "blocks.0.learningRate", new ConstantRate(10));
        preset = Configs.with(preset, "blocks.0.normaliseUpdate", false);
        return Configs.with(preset, "unsupervised.epochs", 2);
    }

    @Test
    void hebbianWeightsThatOverflowStopTrainingAndTheEpochsStartStateIsKept() {
        try (HebbianNetwork network = HebbianNetwork.create(exploding(), Device.cpu(), 3)) {
            float[] initial = network.blocks().get(0).layer().weight().toFloatArray();
            UnsupervisedTrainer trainer = UnsupervisedTrainer.builder().setBatchSize(10).optEpochs(2).build();
            TrainingDiverged diverged = assertThrows(TrainingDiverged.class, () -> trainer.fit(network, TRAIN));
            assertEquals(1, diverged.epoch());
            assertTrue(diverged.batch() >= 1 && diverged.batch() <= 40, "batch " + diverged.batch());
            assertEquals("hebbian block 1/1", diverged.stage());
            String message = diverged.getMessage();
            assertTrue(message.startsWith("Training diverged: layer 1's weights became NaN or infinite in stage"
                    + " 'hebbian block 1/1', epoch 1, batch " + diverged.batch() + ". Likely cause: the learning rate is"
                    + " too high for this layer (the preset's blocks[0].learningRate: "), message);
            assertTrue(message.endsWith("The network holds its state from the start of epoch 1 again."), message);
            // the state from the start of the epoch: here the initial weights, finite
            assertArrayEquals(initial, network.blocks().get(0).layer().weight().toFloatArray());
        }
    }

    @Test
    void theSameRecipeWithASaneRateTrainsWithoutComplaint() {
        Preset sane = Configs.with(exploding(), "blocks.0.learningRate", new ConstantRate(1e-4));
        try (HebbianNetwork network = HebbianNetwork.create(sane, Device.cpu(), 3)) {
            UnsupervisedTrainer.builder().setBatchSize(10).optEpochs(2).build().fit(network, TRAIN);
            for (float w : network.blocks().get(0).layer().weight().toFloatArray()) {
                assertTrue(Float.isFinite(w));
            }
        }
    }

    @Test
    void aProbeWhoseLossOverflowsStopsWithItsEpochAndBatch() {
        Preset preset = Configs.with(TinyData.preset(), "probe.learningRate", 1e38);
        try (HebbianNetwork network = HebbianNetwork.create(preset, Device.cpu(), 3);
                Features features = FeatureExtractor.extract(network, TRAIN, 64, DataType.FLOAT32, null, "train")) {
            TrainingDiverged diverged = assertThrows(TrainingDiverged.class,
                    () -> LinearProbe.train(features, null, 4, preset.probe(), 9, network.manager(), null));
            assertEquals("probe", diverged.stage());
            assertTrue(diverged.getMessage().contains("the probe's loss became NaN or infinite in stage 'probe', epoch "
                    + diverged.epoch() + ", batch " + diverged.batch() + ". Likely cause: the probe's learning rate"
                    + " (probe.learningRate 1.0E38) is too high"), diverged.getMessage());
        }
    }
}
