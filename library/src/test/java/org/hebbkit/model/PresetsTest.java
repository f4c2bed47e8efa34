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
            "softhebb-cifar10-3layer-random", "softhebb-cifar10-3layer-random-adapted"}) {
            try (HebbianNetwork network = HebbianNetwork.create(Presets.get(name), Device.cpu(), 0)) {
                assertEquals(24_576, network.featureCount(), name);
            }
        }
        try (HebbianNetwork network = HebbianNetwork.create(Presets.get("softhebb-mnist-mlp"), Device.cpu(), 0)) {
            assertEquals(2_000, network.featureCount());
        }
    }

    @Test
    void softHebbsOtherDatasetsHaveTheirRecipesShapes() {
        // 5SoftHebbCnnSTL: 96 -avg 4/2/1-> 48 -max-> 24 -avg-> 12 -avg 2/2/0-> 6; 4SoftHebbCnnSTL stops at 12
        // 6SoftHebbCnnImNet at 160 px: 80, 40, 20, 10 (max 4/2/1), then avg 2/2/0 -> 5
        Object[][] expected = {{"softhebb-stl10-4layer", new Shape(6144, 6, 6)}, {"softhebb-stl10-3layer", new Shape(1536, 12, 12)},
            {"softhebb-imagenette-5layer", new Shape(12288, 5, 5)}, {"softhebb-imagenet-5layer", new Shape(12288, 5, 5)},
            {"softhebb-cifar100-1layer", new Shape(96, 16, 16)}, {"softhebb-cifar100-3layer", new Shape(1536, 4, 4)}};
        for (Object[] pair : expected) {
            Preset preset = Presets.get((String) pair[0]);
            assertEquals(pair[1], HebbianNetwork.featureShape(preset), preset.name());
            assertEquals(preset, Presets.fromJson(Presets.toJson(preset)));
        }
        for (String name : new String[] {"softhebb-cifar100-1layer", "softhebb-cifar100-2layer", "softhebb-cifar100-3layer",
            "softhebb-cifar10-2layer", "softhebb-mnist-mlp"}) {
            try (HebbianNetwork network = HebbianNetwork.create(Presets.get(name), Device.cpu(), 0)) {
                assertEquals(network.featureShape(), HebbianNetwork.featureShape(Presets.get(name)), name);
            }
        }
        Preset stl = Presets.get("softhebb-stl10-4layer");
        assertTrue(stl.unsupervised().fromUnlabeled());
        assertEquals(new Preset.Augmentation(Preset.Augmentation.Kind.CROP_FLIP, 4), stl.probe().augmentation());
        assertEquals(0.45, ((org.hebbkit.rule.SoftKrotov) stl.blocks().get(2).competition()).temperatureInverse());
        assertEquals(null, Presets.get("softhebb-cifar100-3layer").probe().augmentation());
        IllegalArgumentException data = assertThrows(IllegalArgumentException.class,
                () -> Configs.with(stl, "unsupervised.data", "test"));
        assertEquals("unsupervised.data: unknown value 'test'; valid: train, unlabeled", data.getMessage());
        IllegalArgumentException copies = assertThrows(IllegalArgumentException.class,
                () -> Configs.with(stl, "probe.augmentation.copies", 0));
        assertTrue(copies.getMessage().contains("copies must be at least 1, got 0"), copies.getMessage());
    }

    @Test
    void hardWtaPresetsHaveTheShapesOfSoftHebbsHardRecipes() {
        // 4HardCnnCIFAR: 32 -k5 p1-> 30 -max 4/2/1-> 15 -k3 p1-> 15 -max 4/2/1-> 7 -k3 p0-> 5 -max 2/2/0-> 2
        int[][] expected = {{1, 96 * 16 * 16}, {2, 384 * 7 * 7}, {3, 1536 * 2 * 2}};
        for (int[] depthAndFeatures : expected) {
            String name = "softhebb-cifar10-" + depthAndFeatures[0] + "layer-hardwta";
            try (HebbianNetwork network = HebbianNetwork.create(Presets.get(name), Device.cpu(), 0)) {
                assertEquals(depthAndFeatures[1], network.featureCount(), name);
            }
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
        Preset adapted = Presets.get("softhebb-cifar10-3layer-random-adapted");
        for (int block = 0; block < 3; block++) {
            assertEquals(new org.hebbkit.rule.HardWinnerTakeAll(), hard.blocks().get(block).competition());
            assertEquals(soft.blocks().get(block).rule(), hard.blocks().get(block).rule());
            assertEquals(soft.blocks().get(block).outChannels(), hard.blocks().get(block).outChannels());
            // 4HardCnnCIFAR: lr 0.05 with SoftHebb's default power_lr 0.75, triangle without a power
            assertEquals(new org.hebbkit.rule.AdaptiveLearningRate(0.05, 0.75), hard.blocks().get(block).learningRate());
            assertEquals(new org.hebbkit.nn.Triangle(1.0), hard.blocks().get(block).activation());
        }
        assertEquals(1, hard.blocks().get(0).conv().padding());
        assertEquals(0, hard.blocks().get(2).conv().padding());
        assertEquals(Preset.Training.UNTRAINED, random.training());
        assertEquals(Preset.Training.FROZEN_RANDOM, adapted.training());
        assertEquals(soft.blocks(), random.blocks());
        assertEquals(soft.blocks(), adapted.blocks());
        assertTrue(hard.reference().contains("60.29"));
        assertTrue(random.reference().contains("64.62"));
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
