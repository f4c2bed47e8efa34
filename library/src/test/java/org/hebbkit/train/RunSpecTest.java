package org.hebbkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.hebbkit.engine.MatMul;
import org.hebbkit.model.Configs;
import org.hebbkit.model.Preset;
import org.hebbkit.model.Presets;
import org.hebbkit.model.TrainingMode;
import org.hebbkit.nn.HebbianConv2d;
import org.junit.jupiter.api.Test;

/** {@link RunSpec}: what is left out is the preset's, every check in one place, JSON both ways through {@link Configs}. */
class RunSpecTest {

    private static final Preset CIFAR = Presets.get("softhebb-cifar10-3layer");

    @Test
    void whatIsLeftOutIsThePresets() {
        RunSpec spec = RunSpec.builder().setPreset(CIFAR).build();
        assertEquals(CIFAR, spec.recipe());
        assertEquals(CIFAR.unsupervised().mode(), spec.mode());
        assertEquals(CIFAR.readout(), spec.readout());
        assertEquals(Preset.HebbianImages.TRAIN, spec.hebbianImages());
        assertEquals("cifar-10", spec.dataset());
        assertEquals("test", spec.evaluatedOn());
        assertEquals("cpu", spec.compute().device());
        assertEquals(HebbianConv2d.Algorithm.PATCHES, spec.compute().convAlgorithmOrDefault());
    }

    @Test
    void changesApplyToTheRecipe() {
        RunSpec spec = RunSpec.builder().setPreset(CIFAR).optProbeEpochs(3).optHebbianEpochs(2)
                .optMode(TrainingMode.CONSECUTIVE).optReadout(Preset.Readout.RIDGE).optValidation(5000).build();
        assertEquals(3, spec.recipe().probe().epochs());
        assertEquals(2, spec.recipe().unsupervised().epochs());
        assertEquals(CIFAR.blocks(), spec.recipe().blocks());
        assertEquals(TrainingMode.CONSECUTIVE, spec.mode());
        assertEquals(Preset.Readout.RIDGE, spec.readout());
        assertEquals("validation: the last 5000 training images", spec.evaluatedOn());
    }

    @Test
    void jsonBothWaysGivesTheSameRun() {
        RunSpec spec = RunSpec.builder().setPreset(CIFAR).optSeed(7).optDataset("cifar-100").optLimitTrain(1000)
                .optLimitTest(500).optValidation(200).optMode(TrainingMode.SIMULTANEOUS).optReadout(Preset.Readout.RIDGE)
                .optProbeEpochs(4).optHebbianEpochs(2).optDevice("gpu:1").optThreads(3)
                .optConvAlgorithm(HebbianConv2d.Algorithm.WINOGRAD).optMatMul(MatMul.Kernel.ENGINE)
                .optRecomputeLowerBlocks(true).build();
        String json = Configs.toJson(spec);
        assertEquals(spec, Configs.fromJson(json, RunSpec.class));
        // choices are written as the command line writes them
        assertEquals("simultaneous", Configs.toTree(spec).getAsJsonObject().getAsJsonObject("changes").get("mode").getAsString());
        assertEquals("winograd", Configs.toTree(spec).getAsJsonObject().getAsJsonObject("compute").get("convAlgorithm")
                .getAsString());
    }

    @Test
    void everyValueIsCheckedWhereverItComesFrom() {
        RunSpec spec = RunSpec.builder().setPreset(CIFAR).build();
        assertEquals("data: limitTrain must be at least 0 (0: every training image), got -1",
                assertThrows(IllegalArgumentException.class, () -> Configs.with(spec, "data.limitTrain", -1)).getMessage());
        assertEquals("changes: probeEpochs must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> Configs.with(spec, "changes.probeEpochs", 0)).getMessage());
        assertEquals("validation must be at least 0 (0: score on the test set), got -5",
                assertThrows(IllegalArgumentException.class,
                        () -> RunSpec.builder().setPreset(CIFAR).optValidation(-5).build()).getMessage());
        assertEquals("threads must be at least 0 (0: one per core), got -1", assertThrows(IllegalArgumentException.class,
                () -> RunSpec.builder().setPreset(CIFAR).optThreads(-1).build()).getMessage());
        assertEquals("changes.mode: unknown value 'parallel'; valid: successive, consecutive, simultaneous",
                assertThrows(IllegalArgumentException.class, () -> Configs.with(spec, "changes.mode", "parallel")).getMessage());
        assertEquals("a run needs a preset: call setPreset",
                assertThrows(IllegalStateException.class, () -> RunSpec.builder().build()).getMessage());
    }

    @Test
    void valuesThatDoNotFitThePresetAreRefusedByName() {
        assertEquals("augmentedCopies 2: preset softhebb-cifar10-3layer does not augment its readout's images (no"
                + " probe.augmentation); leave it out, or add \"augmentation\": {\"kind\": \"crop-flip\", \"copies\": N} to"
                + " the probe of a preset file", assertThrows(IllegalArgumentException.class,
                        () -> RunSpec.builder().setPreset(CIFAR).optAugmentedCopies(2).build()).getMessage());
        assertEquals("limitHebbian 100 limits the unlabeled images, but the Hebbian blocks learn from the training images:"
                + " leave it out, or learn from the unlabeled ones (hebbianImages unlabeled)",
                assertThrows(IllegalArgumentException.class,
                        () -> RunSpec.builder().setPreset(CIFAR).optLimitHebbian(100).build()).getMessage());
        // STL-10's preset learns from its unlabeled split and augments its readout: both fit
        Preset stl = Presets.get("softhebb-stl10-4layer");
        RunSpec spec = RunSpec.builder().setPreset(stl).optLimitHebbian(100).optAugmentedCopies(0).build();
        assertEquals(Preset.HebbianImages.UNLABELED, spec.hebbianImages());
        assertEquals(0, spec.data().augmentedCopies());
    }
}
