package org.hebbkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.hebbkit.model.Checkpoint;
import org.hebbkit.model.Configs;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.model.LinearReadout;
import org.hebbkit.model.Preset;
import org.hebbkit.model.Presets;
import org.hebbkit.model.TrainingMode;
import org.hebbkit.nn.HebbianBlock;
import org.hebbkit.nn.HebbianLayer;
import org.hebbkit.nn.ZcaWhitening;
import org.hebbkit.rule.AdaptiveThresholds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts Miconi's full network adds, each against a direct computation: ZCA whitening over the whole image,
 * per-image standardisation before every layer, the triangle of thresholded responses, fixed weight masks and
 * the burn-in batches; and that a checkpoint keeps the fitted ZCA matrix and the masks.
 */
class MiconiFullPartsTest {

    /** Two conv blocks in the full network's form on 3 x 8 x 8 images (8 -> 6 -> 3 -> 2 -> 1). */
    static final String PRESET = """
            {"name": "miconi-full-tiny", "dataset": "synthetic", "input": [3, 8, 8], "training": "hebbian",
             "preprocessing": [{"type": "zca-whitening", "images": 150, "epsilon": 0.001}],
             "blocks": [
              {"batchNorm": false, "outChannels": 6, "preprocessing": [{"type": "standardise"}],
               "conv": {"kernel": 3, "stride": 1, "padding": 0, "paddingMode": "zeros", "dilation": 1, "groups": 1},
               "competition": {"type": "adaptive-thresholds", "k": 1, "rate": 3.0}, "rule": {"type": "instar"},
               "learningRate": {"type": "constant", "rate": 0.01},
               "normaliseUpdate": false, "renormalise": true, "preTriangle": false,
               "activation": {"type": "thresholded-triangle", "power": 1.0},
               "pooling": {"kind": "avg", "kernel": 2, "stride": 2, "padding": 0},
               "init": {"kind": "normal", "radius": 1}},
              {"batchNorm": false, "outChannels": 5, "preprocessing": [{"type": "standardise"}],
               "mask": {"keep": 0.3},
               "conv": {"kernel": 2, "stride": 1, "padding": 0, "paddingMode": "zeros", "dilation": 1, "groups": 1},
               "competition": {"type": "adaptive-thresholds", "k": 1, "rate": 3.0}, "rule": {"type": "instar"},
               "learningRate": {"type": "constant", "rate": 0.01},
               "normaliseUpdate": false, "renormalise": true, "preTriangle": false,
               "activation": {"type": "thresholded-triangle", "power": 1.0},
               "pooling": {"kind": "avg", "kernel": 2, "stride": 2, "padding": 0},
               "init": {"kind": "normal", "radius": 1}}],
             "unsupervised": {"mode": "simultaneous", "epochs": 1, "batchSize": 20, "burnInBatches": 3},
             "probe": {"epochs": 1, "batchSize": 8, "learningRate": 0.001, "dropout": 0.0, "milestones": [],
               "evalBatchSize": 50}, "readout": "ridge"}
            """;

    private static final LabelledImages IMAGES = TinyData.images(200, 3);

    @TempDir
    Path temp;

    @Test
    void zcaMatrixIsTheSymmetricInverseSquareRootOfTheSecondMoments() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray sample = IMAGES.images(manager, LabelledImages.range(0, 150));
            ZcaWhitening zca = new ZcaWhitening(150, 1e-3);
            double[][] z = matrix(zca.fit(sample));
            // C = t^T t / D + eps I from the per-image standardised images, computed here by plain loops
            float[] flat = sample.toFloatArray();
            int n = 150;
            int d = 192;
            double[][] t = new double[n][d];
            for (int i = 0; i < n; i++) {
                double mean = 0;
                for (int j = 0; j < d; j++) {
                    mean += flat[i * d + j] / (double) d;
                }
                double variance = 0;
                for (int j = 0; j < d; j++) {
                    variance += Math.pow(flat[i * d + j] - mean, 2) / d;
                }
                for (int j = 0; j < d; j++) {
                    t[i][j] = (flat[i * d + j] - mean) / (Math.sqrt(variance) + 1e-8);
                }
            }
            double[][] c = new double[d][d];
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        sum += t[i][a] * t[i][b];
                    }
                    c[a][b] = sum / d + (a == b ? 1e-3 : 0);
                }
            }
            double[][] zcz = multiply(multiply(z, c), z);
            double worst = 0;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    assertEquals(z[a][b], z[b][a], 1e-5, "Z is symmetric");
                    worst = Math.max(worst, Math.abs(zcz[a][b] - (a == b ? 1 : 0)));
                }
            }
            assertTrue(worst < 2e-3, "Z C Z = I, largest deviation " + worst);
            // the symmetric root is the positive definite one
            double quadratic = 0;
            java.util.SplittableRandom random = new java.util.SplittableRandom(1);
            double[] v = random.doubles(d, -1, 1).toArray();
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    quadratic += v[a] * z[a][b] * v[b];
                }
            }
            assertTrue(quadratic > 0, "Z is positive definite: " + quadratic);
        }
    }

    @Test
    void aFittedStepRefusesToRunBeforeItIsFitted() {
        try (HebbianNetwork network = HebbianNetwork.create(Presets.fromJson(PRESET), Device.cpu(), 1);
                NDManager scope = network.newScope()) {
            assertFalse(network.isPreprocessingFitted());
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> network.features(IMAGES.images(scope, new int[] {0, 1})));
            assertTrue(error.getMessage().contains("ZcaWhitening") && error.getMessage().contains("fitPreprocessing"),
                    error.getMessage());
        }
    }

    @Test
    void blocksStandardiseTheirInputAndPassUpTheTriangleOfThresholdedResponses() {
        try (HebbianNetwork network = HebbianNetwork.create(Presets.fromJson(PRESET), Device.cpu(), 1)) {
            UnsupervisedTrainer.builder().setBatchSize(20).optShuffleSeed(2).optMode(TrainingMode.SIMULTANEOUS).build()
                    .fit(network, IMAGES);
            HebbianBlock block = network.blocks().get(0);
            HebbianLayer layer = block.layer();
            try (NDManager scope = network.newScope()) {
                NDArray x = network.preprocess(IMAGES.images(scope, new int[] {5, 6, 7}));
                float[] out = block.forward(x, HebbianBlock.Phase.INFER).toFloatArray();
                // by hand: standardise each image, W x by the engine's convolution, minus thresholds, triangle, avg pool
                NDArray flat = x.reshape(3, -1);
                NDArray centred = flat.sub(flat.mean(new int[] {1}, true));
                NDArray standardised = centred.div(centred.square().mean(new int[] {1}, true).sqrt().add(1e-8f))
                        .reshape(x.getShape());
                NDArray u = ai.djl.nn.convolutional.Conv2d.conv2d(standardised, layer.weight(), null, new Shape(1, 1),
                        new Shape(0, 0), new Shape(1, 1), 1).singletonOrThrow();
                float[] uValues = u.toFloatArray();
                float[] theta = layer.competitionState().get(AdaptiveThresholds.THRESHOLD).toFloatArray();
                assertTrue(java.util.Arrays.stream(toDouble(theta)).anyMatch(v -> Math.abs(v) > 1e-3),
                        "thresholds moved during training");
                int o = 6;
                int side = 6;
                float[] y = new float[3 * o * side * side];
                for (int b = 0; b < 3; b++) {
                    for (int p = 0; p < side * side; p++) {
                        double mean = 0;
                        for (int c = 0; c < o; c++) {
                            mean += (uValues[(b * o + c) * side * side + p] - theta[c]) / o;
                        }
                        for (int c = 0; c < o; c++) {
                            int at = (b * o + c) * side * side + p;
                            y[at] = (float) Math.max(0, uValues[at] - theta[c] - mean);
                        }
                    }
                }
                float[] pooled = new float[3 * o * 9];
                for (int b = 0; b < 3; b++) {
                    for (int c = 0; c < o; c++) {
                        for (int i = 0; i < 3; i++) {
                            for (int j = 0; j < 3; j++) {
                                double sum = 0;
                                for (int di = 0; di < 2; di++) {
                                    for (int dj = 0; dj < 2; dj++) {
                                        sum += y[(b * o + c) * 36 + (2 * i + di) * 6 + 2 * j + dj];
                                    }
                                }
                                pooled[(b * o + c) * 9 + i * 3 + j] = (float) (sum / 4);
                            }
                        }
                    }
                }
                assertArrayEquals(pooled, out, 1e-4f);
            }
        }
    }

    @Test
    void maskedWeightsStayZeroAndBurnInMovesOnlyTheThresholds() {
        Preset preset = Presets.fromJson(PRESET);
        Preset allBurnIn = Configs.with(preset, "unsupervised.burnInBatches", 1000);
        try (HebbianNetwork initial = HebbianNetwork.create(preset, Device.cpu(), 4);
                HebbianNetwork burnt = HebbianNetwork.create(allBurnIn, Device.cpu(), 4);
                HebbianNetwork trained = HebbianNetwork.create(preset, Device.cpu(), 4)) {
            UnsupervisedTrainer.builder().setBatchSize(20).optShuffleSeed(2).optMode(TrainingMode.SIMULTANEOUS)
                    .optBurnInBatches(1000).build().fit(burnt, IMAGES);
            UnsupervisedTrainer.builder().setBatchSize(20).optShuffleSeed(2).optMode(TrainingMode.SIMULTANEOUS)
                    .optBurnInBatches(3).build().fit(trained, IMAGES);
            for (int b = 0; b < 2; b++) {
                float[] before = initial.blocks().get(b).layer().weight().toFloatArray();
                assertArrayEquals(before, burnt.blocks().get(b).layer().weight().toFloatArray(),
                        "block " + b + ": burn-in leaves the weights");
                assertFalse(java.util.Arrays.equals(before, trained.blocks().get(b).layer().weight().toFloatArray()),
                        "block " + b + ": after 3 burn-in batches the weights learn");
                float[] theta = burnt.blocks().get(b).layer().competitionState().get(AdaptiveThresholds.THRESHOLD)
                        .toFloatArray();
                assertTrue(java.util.Arrays.stream(toDouble(theta)).anyMatch(v -> Math.abs(v) > 1e-3),
                        "block " + b + ": burn-in moves the thresholds");
            }
            assertEquals(null, trained.blocks().get(0).layer().mask(), "block 1 has no mask");
            float[] mask = trained.blocks().get(1).layer().mask().toFloatArray();
            float[] weight = trained.blocks().get(1).layer().weight().toFloatArray();
            int kept = 0;
            for (int i = 0; i < mask.length; i++) {
                assertTrue(mask[i] == 0 || mask[i] == 1);
                kept += (int) mask[i];
                if (mask[i] == 0) {
                    assertEquals(0f, Math.abs(weight[i]), "masked weight " + i + " stays 0 through learning");
                }
            }
            // 5 x 6 x 2 x 2 = 120 weights, keep 0.3: 36 expected, binomial standard deviation 5
            assertTrue(kept > 16 && kept < 56, "kept " + kept + " of 120");
        }
    }

    @Test
    void checkpointKeepsTheFittedZcaMatrixAndTheMasks() throws java.io.IOException {
        PresetRun.Result result = PresetRun.builder().setPreset(Presets.fromJson(PRESET)).optSeed(3)
                .optReadout(Preset.Readout.RIDGE).build().run(IMAGES, TinyData.images(40, 9));
        try (HebbianNetwork network = result.network()) {
            assertTrue(network.isPreprocessingFitted());
            LinearReadout readout = result.readout();
            Checkpoint.save(temp, network, readout, new JsonObject());
            try (Checkpoint.Loaded loaded = Checkpoint.load(temp, Device.cpu());
                    NDManager scope = network.newScope()) {
                HebbianNetwork copy = loaded.network();
                assertTrue(copy.isPreprocessingFitted());
                assertArrayEquals(network.namedState().get("preprocessing0.zca").toFloatArray(),
                        copy.namedState().get("preprocessing0.zca").toFloatArray());
                assertArrayEquals(network.blocks().get(1).layer().mask().toFloatArray(),
                        copy.blocks().get(1).layer().mask().toFloatArray());
                NDArray images = IMAGES.images(scope, new int[] {0, 1, 2, 3});
                assertArrayEquals(network.features(images).toFloatArray(), copy.features(images).toFloatArray(), 1e-5f);
            }
        }
    }

    @Test
    void float16FeaturesBeyondItsRangeWidenToFloat32() {
        Preset huge = Configs.with(Configs.with(TinyData.preset(), "blocks.*.init",
                new org.hebbkit.nn.WeightInit(org.hebbkit.nn.WeightInit.Kind.NORMAL, 1e7)), "blocks.*.batchNorm", false);
        try (HebbianNetwork network = HebbianNetwork.create(huge, Device.cpu(), 1);
                Features half = FeatureExtractor.extract(network, IMAGES, 32, DataType.FLOAT16, null, "train");
                Features full = FeatureExtractor.extract(network, IMAGES, 32, DataType.FLOAT32, null, "train");
                NDManager scope = network.newScope()) {
            assertEquals(DataType.FLOAT32, half.dataType());
            int[] all = LabelledImages.range(0, IMAGES.size());
            float[] widened = half.rows(scope, all).toFloatArray();
            float[] exact = full.rows(scope, all).toFloatArray();
            float largest = 0;
            for (int i = 0; i < exact.length; i++) {
                assertTrue(Float.isFinite(widened[i]), "feature " + i + " is finite");
                largest = Math.max(largest, Math.abs(exact[i]));
            }
            assertTrue(largest > 65504, "the test needs features beyond float16: " + largest);
            // rows stored before the widening went through float16: relative error about 1e-3
            for (int i = 0; i < exact.length; i++) {
                assertEquals(exact[i], widened[i], 2e-3 * Math.abs(exact[i]) + 1e-3, "feature " + i);
            }
        }
    }

    private static double[] toDouble(float[] values) {
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return doubles;
    }

    private static double[][] matrix(NDArray array) {
        int d = (int) array.getShape().get(0);
        float[] values = array.toFloatArray();
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                m[i][j] = values[i * d + j];
            }
        }
        return m;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < n; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }
}
