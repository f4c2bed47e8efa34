package org.hebbkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class PresetsTest {

    @Test
    void everyCifarPresetEndsInTheFeaturesOfThePaper() {
        for (String name : new String[] {"softhebb-cifar10-1layer", "softhebb-cifar10-2layer", "softhebb-cifar10-3layer",
            "softhebb-cifar10-3layer-hardwta", "softhebb-cifar10-3layer-random"}) {
            try (HebbianNetwork network = HebbianNetwork.create(Presets.get(name), Device.cpu(), 0)) {
                assertEquals(24_576, network.featureCount(), name);
            }
        }
        try (HebbianNetwork network = HebbianNetwork.create(Presets.get("softhebb-mnist-mlp"), Device.cpu(), 0)) {
            assertEquals(2_000, network.featureCount());
        }
    }

    @Test
    void threeLayerBlocksHaveThePaperShapesAndRealOutput() {
        try (HebbianNetwork network = HebbianNetwork.create(Presets.get("softhebb-cifar10-3layer"), Device.cpu(), 0)) {
            assertEquals(new Shape(96, 3, 5, 5), network.blocks().get(0).layer().weight().getShape());
            assertEquals(new Shape(384, 96, 3, 3), network.blocks().get(1).layer().weight().getShape());
            assertEquals(new Shape(1536, 384, 3, 3), network.blocks().get(2).layer().weight().getShape());
            try (NDManager scope = network.newScope()) {
                NDArray features = network.features(scope.randomUniform(0, 1, new Shape(2, 3, 32, 32)));
                assertEquals(new Shape(2, 24_576), features.getShape());
            }
            double radius = network.blocks().get(0).layer().weightMatrix().norm(new int[] {1}).mean().getFloat();
            assertEquals(25, radius, 2.5, "normal init with std 25 / sqrt(75) has norms near 25");
        }
    }

    @Test
    void baselinesDifferOnlyWhereThePaperSays() {
        Preset soft = Presets.get("softhebb-cifar10-3layer");
        Preset hard = Presets.get("softhebb-cifar10-3layer-hardwta");
        Preset random = Presets.get("softhebb-cifar10-3layer-random");
        assertEquals(new org.hebbkit.rule.HardWinnerTakeAll(), hard.blocks().get(2).competition());
        assertEquals(soft.blocks().get(2).rule(), hard.blocks().get(2).rule());
        assertEquals(soft.blocks().get(2).learningRate(), hard.blocks().get(2).learningRate());
        assertEquals(soft.blocks().get(2).outChannels(), hard.blocks().get(2).outChannels());
        assertEquals("frozen-random", random.training());
        assertEquals(soft.blocks(), random.blocks());
        assertTrue(hard.reference().contains("60.29"));
    }

    @Test
    void unknownPresetListsTheValidOnes() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Presets.get("softhebb"));
        assertTrue(error.getMessage().startsWith("Unknown preset 'softhebb'. Valid presets: softhebb-cifar10-1layer,"),
                error.getMessage());
    }

    @Test
    void presetsRoundTripThroughJson() {
        Preset preset = Presets.get("softhebb-cifar10-2layer");
        assertEquals(preset, Presets.fromJson(Presets.toJson(preset)));
    }
}
