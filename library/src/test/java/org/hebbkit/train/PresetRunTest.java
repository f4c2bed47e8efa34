package org.hebbkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.hebbkit.model.Preset;
import org.hebbkit.model.TrainingMode;
import org.hebbkit.engine.MatMul;
import org.hebbkit.model.Configs;
import org.hebbkit.model.HebbianNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** End to end on synthetic data: determinism, the cached probe against recomputed features, modes, events. */
class PresetRunTest {

    private static final LabelledImages TRAIN = TinyData.images(400, 1);
    private static final LabelledImages TEST = TinyData.images(200, 2);

    /** On either product kernel ({@code train --matmul engine} or {@code onednn}) the same seed gives the same floats. */
    @ParameterizedTest
    @EnumSource(value = MatMul.Kernel.class, names = {"ENGINE", "ONEDNN"})
    void sameSeedGivesSameWeightsAndAccuracyAndAnotherSeedDoesNot(MatMul.Kernel kernel) {
        MatMul.Kernel before = MatMul.kernel();
        PresetRun.Result first = run(5, kernel);
        PresetRun.Result again = run(5, kernel);
        PresetRun.Result other = run(6, kernel);
        assertEquals(before, MatMul.kernel(), "a run's kernel is the run's: the caller's choice is back afterwards");
        try (HebbianNetwork a = first.network(); HebbianNetwork b = again.network(); HebbianNetwork c = other.network()) {
            float[] weights = a.blocks().get(0).layer().weight().toFloatArray();
            assertArrayEquals(weights, b.blocks().get(0).layer().weight().toFloatArray());
            assertArrayEquals(first.readout().weight().toFloatArray(), again.readout().weight().toFloatArray());
            assertEquals(first.testAccuracy(), again.testAccuracy());
            assertFalse(java.util.Arrays.equals(weights, c.blocks().get(0).layer().weight().toFloatArray()));
            assertTrue(first.testAccuracy() > 0.9, "the synthetic task is learnable: " + first.testAccuracy());
        }
    }

    @Test
    void probeOnCachedFeaturesEqualsProbeOnRecomputedFeatures() {
        PresetRun.Result trained = run(3);
        try (HebbianNetwork network = trained.network();
                Features cached = FeatureExtractor.extract(network, TRAIN, 64, DataType.FLOAT32, null, "train");
                Features cachedHalf = FeatureExtractor.extract(network, TRAIN, 64, DataType.FLOAT16, null, "train")) {
            ComputedFeatures recomputed = new ComputedFeatures(network, TRAIN);
            ComputedFeatures test = new ComputedFeatures(network, TEST);
            var spec = network.preset().probe();
            LinearProbe.ProbeResult fromCache = LinearProbe.train(cached, test, 4, spec, 9, network.manager(), null);
            LinearProbe.ProbeResult fromNetwork = LinearProbe.train(recomputed, test, 4, spec, 9, network.manager(), null);
            LinearProbe.ProbeResult fromHalf = LinearProbe.train(cachedHalf, test, 4, spec, 9, network.manager(), null);
            float[] a = fromCache.readout().weight().toFloatArray();
            float[] b = fromNetwork.readout().weight().toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-4 * (1 + Math.abs(a[i])), "readout weight " + i);
            }
            assertEquals(fromCache.finalTestAccuracy(), fromNetwork.finalTestAccuracy(), 1e-9);
            assertEquals(fromCache.finalTestAccuracy(), fromHalf.finalTestAccuracy(), 0.02, "half precision changes little");
            assertEquals(cached.bytes() / 2, cachedHalf.bytes());
        }
    }

    @Test
    void everyModeTrainsAndEventsArriveInOrder() {
        for (TrainingMode mode : TrainingMode.values()) {
            List<String> events = new ArrayList<>();
            TrainingListener recorder = new TrainingListener() {
                @Override
                public void stageStarted(TrainingEvents.StageStarted event) {
                    events.add("start " + event.stage());
                }

                @Override
                public void epochFinished(TrainingEvents.EpochFinished event) {
                    events.add("epoch " + event.stage());
                }

                @Override
                public void stageFinished(TrainingEvents.StageFinished event) {
                    events.add("end " + event.stage());
                }
            };
            PresetRun.Result result = PresetRun.builder().setPreset(TinyData.preset()).optMode(mode).optSeed(1)
                    .optListener(recorder).build().run(TRAIN, TEST);
            try (HebbianNetwork network = result.network()) {
                String hebbian = mode == TrainingMode.SUCCESSIVE ? "hebbian block 1/1"
                        : "hebbian all blocks (" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")";
                assertEquals(List.of("start " + hebbian, "epoch " + hebbian, "end " + hebbian), events.subList(0, 3));
                assertEquals("end probe", events.get(events.size() - 1));
                assertTrue(result.testAccuracy() > 0.8, mode + ": " + result.testAccuracy());
                LayerMetrics metrics = result.layers().get(0);
                assertTrue(metrics.meanRadius() < 25, "radii shrink toward 1 from 25: " + metrics.meanRadius());
                assertTrue(metrics.winEntropyBits() > 1, "winner statistics of the trained block are kept: "
                        + metrics.winEntropyBits());
            }
        }
    }

    @Test
    void frozenRandomBaselineKeepsItsWeightsAndRidgeReadoutWorks() {
        var preset = TinyData.preset();
        var frozen = Configs.with(preset, "training", "frozen-random");
        try (HebbianNetwork initial = HebbianNetwork.create(frozen, Device.cpu(), 4)) {
            PresetRun.Result result = PresetRun.builder().setPreset(frozen).optSeed(4)
                    .optReadout(Preset.Readout.RIDGE).build().run(TRAIN, TEST);
            try (HebbianNetwork network = result.network()) {
                assertArrayEquals(initial.blocks().get(0).layer().weight().toFloatArray(),
                        network.blocks().get(0).layer().weight().toFloatArray());
                assertTrue(result.testAccuracy() > 0.8, "ridge on random features: " + result.testAccuracy());
            }
        }
    }

    @Test
    void untrainedBaselineLeavesWeightsAndBatchNormStatisticsAtInitialisation() {
        var preset = TinyData.preset();
        for (String training : List.of("untrained", "frozen-random")) {
            var baseline = Configs.with(preset, "training", training);
            List<String> stages = new ArrayList<>();
            PresetRun.Result result = PresetRun.builder().setPreset(baseline).optSeed(4)
                    .optReadout(Preset.Readout.RIDGE).optListener(new TrainingListener() {
                        @Override
                        public void stageStarted(TrainingEvents.StageStarted event) {
                            stages.add(event.stage());
                        }
                    }).build().run(TRAIN, TEST);
            try (HebbianNetwork network = result.network()) {
                float[] mean = network.blocks().get(0).inputNorm().runningMean().toFloatArray();
                float[] variance = network.blocks().get(0).inputNorm().runningVariance().toFloatArray();
                boolean initial = java.util.Arrays.equals(new float[mean.length], mean)
                        && java.util.Arrays.equals(ones(variance.length), variance);
                assertEquals(training.equals("untrained"), initial, training + ": batch-norm statistics "
                        + java.util.Arrays.toString(mean));
                assertEquals(training.equals("untrained"), stages.stream().noneMatch(s -> s.startsWith("hebbian")),
                        training + ": " + stages);
                assertTrue(result.testAccuracy() > 0.5, training + ": " + result.testAccuracy());
            }
        }
    }

    private static float[] ones(int n) {
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        return ones;
    }

    @Test
    void backpropTrainsInAFreshThreadToo() throws Exception {
        // PyTorch's grad mode is per thread and on in a new thread (each notebook cell runs in one): the engine
        // is started here, the training runs in another thread
        try (ai.djl.ndarray.NDManager started = ai.djl.ndarray.NDManager.newBaseManager()) {
            started.zeros(new ai.djl.ndarray.types.Shape(1));
        }
        var backprop = Configs.with(Configs.with(TinyData.preset(), "training", "backprop"), "blocks.*.activation",
                new org.hebbkit.nn.Relu());
        java.util.concurrent.atomic.AtomicReference<Object> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                PresetRun.Result result = PresetRun.builder().setPreset(backprop).optSeed(2).build().run(TRAIN, TEST);
                result.network().close();
                outcome.set(result.testAccuracy());
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        });
        thread.start();
        thread.join();
        assertTrue(outcome.get() instanceof Double, "backprop in a fresh thread: " + outcome.get());
    }

    @Test
    void backpropBaselineTrainsBlocksAndReadoutEndToEnd() {
        var preset = TinyData.preset();
        var backprop = Configs.with(Configs.with(preset, "training", "backprop"), "blocks.*.activation",
                new org.hebbkit.nn.Relu());
        try (HebbianNetwork initial = HebbianNetwork.create(backprop, Device.cpu(), 2)) {
            List<String> stages = new ArrayList<>();
            PresetRun.Result result = PresetRun.builder().setPreset(backprop).optSeed(2).optListener(new TrainingListener() {
                @Override
                public void stageFinished(TrainingEvents.StageFinished event) {
                    stages.add(event.stage());
                }
            }).build().run(TRAIN, TEST);
            try (HebbianNetwork network = result.network()) {
                assertEquals(List.of("backprop"), stages);
                float[] before = initial.blocks().get(0).layer().weight().toFloatArray();
                float[] after = network.blocks().get(0).layer().weight().toFloatArray();
                assertFalse(java.util.Arrays.equals(before, after), "gradients reached the conv weights");
                assertTrue(result.testAccuracy() > 0.8, "backprop learns the synthetic task: " + result.testAccuracy());
                assertFalse(network.blocks().get(0).layer().weight().hasGradient(), "gradients are switched off after");
            }
        }
    }

    private static PresetRun.Result run(long seed, MatMul.Kernel kernel) {
        return PresetRun.builder().setPreset(TinyData.preset()).optSeed(seed).optMatMul(kernel).build().run(TRAIN, TEST);
    }

    private static PresetRun.Result run(long seed) {
        return PresetRun.builder().setPreset(TinyData.preset()).optSeed(seed).build().run(TRAIN, TEST);
    }
}
