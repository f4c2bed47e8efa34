package org.hebbkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hebbkit.nn.HebbianBlock;
import org.hebbkit.rule.AdaptiveThresholds;
import org.hebbkit.rule.Bcm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running state of a rule (BCM's threshold) and of a competition (adaptive thresholds) is saved in
 * checkpoints beside the weights and comes back: same arrays, same features, and the same next learning step.
 */
class RuleStateCheckpointTest {

    /** A conv block with BCM's sliding threshold and adaptive thresholds, as a user would write it. */
    static final String PRESET = """
            {"name": "zoo-state", "dataset": "synthetic", "input": [2, 6, 6], "training": "hebbian",
             "blocks": [{"batchNorm": true, "outChannels": 6,
               "conv": {"kernel": 3, "stride": 1, "padding": 1, "paddingMode": "zeros", "dilation": 1, "groups": 1},
               "response": {"type": "linear"},
               "competition": {"type": "adaptive-thresholds", "k": 2, "rate": 0.05},
               "rule": {"type": "bcm", "thresholdRate": 0.3, "initialThreshold": 0.1},
               "learningRate": {"type": "constant", "rate": 0.01},
               "normaliseUpdate": true, "renormalise": true, "preTriangle": false,
               "activation": {"type": "relu"}, "pooling": null,
               "init": {"kind": "normal", "radius": 1}}],
             "unsupervised": {"mode": "successive", "epochs": 1, "batchSize": 8},
             "probe": {"epochs": 1, "batchSize": 8, "learningRate": 0.001, "dropout": 0.0, "milestones": [],
               "evalBatchSize": 8}}
            """;

    private static final String RULE_STATE = "block0.rule." + Bcm.THRESHOLD;
    private static final String COMPETITION_STATE = "block0.competition." + AdaptiveThresholds.THRESHOLD;

    @TempDir
    Path temp;

    @Test
    void ruleAndCompetitionStateComeBackFromACheckpoint() throws IOException {
        Preset preset = Presets.fromJson(PRESET);
        try (HebbianNetwork network = HebbianNetwork.create(preset, Device.cpu(), 5);
                NDManager data = NDManager.newBaseManager()) {
            Map<String, float[]> initial = state(network);
            assertArrayEquals(filled(6, 0.1f), initial.get(RULE_STATE), 1e-7f, "BCM starts at initialThreshold");
            assertArrayEquals(filled(6, 0), initial.get(COMPETITION_STATE), "adaptive thresholds start at 0");
            SplittableRandom random = new SplittableRandom(6);
            for (int batch = 0; batch < 5; batch++) {
                learn(network, images(data, random));
            }
            Map<String, float[]> trained = state(network);
            for (String name : List.of(RULE_STATE, COMPETITION_STATE)) {
                float[] values = trained.get(name);
                assertTrue(distance(values, initial.get(name)) > 1e-3, name + " moved during training");
                assertTrue(distance(values, filled(values.length, values[0])) > 1e-4, name + " differs between neurons");
            }
            NDManager readoutManager = network.manager().newSubManager();
            LinearReadout readout = new LinearReadout(readoutManager, readoutManager.randomNormal(new Shape(3, 216)),
                    readoutManager.zeros(new Shape(3)));
            Checkpoint.save(temp, network, readout, new JsonObject());
            assertTrue(storedNames(temp).containsAll(List.of(RULE_STATE, COMPETITION_STATE, "block0.weight")),
                    "the npz names the state arrays: " + storedNames(temp));

            NDArray probe = images(data, new SplittableRandom(7));
            try (Checkpoint.Loaded loaded = Checkpoint.load(temp, Device.cpu())) {
                HebbianNetwork copy = loaded.network();
                Map<String, float[]> restored = state(copy);
                for (Map.Entry<String, float[]> entry : trained.entrySet()) {
                    assertArrayEquals(entry.getValue(), restored.get(entry.getKey()), entry.getKey());
                }
                assertArrayEquals(features(network, probe), features(copy, probe), 1e-6f, "same features");

                // the state steers learning: the next step is the same only if it came back
                NDArray next = images(data, new SplittableRandom(8));
                learn(network, next);
                learn(copy, next);
                Map<String, float[]> after = state(network);
                Map<String, float[]> afterCopy = state(copy);
                for (String name : after.keySet()) {
                    assertArrayEquals(after.get(name), afterCopy.get(name), 1e-6f, name + " after one more step");
                }
            }
        }
    }

    /** Every named array of the network by name, as floats. */
    private static Map<String, float[]> state(HebbianNetwork network) {
        Map<String, float[]> state = new LinkedHashMap<>();
        for (NDArray array : network.namedState()) {
            state.put(array.getName(), array.toFloatArray());
        }
        return state;
    }

    private static void learn(HebbianNetwork network, NDArray images) {
        try (NDManager scope = network.newScope()) {
            network.blocks().get(0).forward(scope.create(images.toFloatArray(), images.getShape()), HebbianBlock.Phase.LEARN);
        }
    }

    private static float[] features(HebbianNetwork network, NDArray images) {
        try (NDManager scope = network.newScope()) {
            return network.features(scope.create(images.toFloatArray(), images.getShape())).toFloatArray();
        }
    }

    /** Eight images of two channels: a bright bar at a random place on noise. */
    private static NDArray images(NDManager manager, SplittableRandom random) {
        float[] pixels = new float[8 * 2 * 36];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (0.2 * random.nextDouble());
        }
        for (int b = 0; b < 8; b++) {
            int row = random.nextInt(6);
            for (int col = 0; col < 6; col++) {
                pixels[((b * 2 + random.nextInt(2)) * 6 + row) * 6 + col] += 1;
            }
        }
        return manager.create(pixels, new Shape(8, 2, 6, 6));
    }

    private static List<String> storedNames(Path directory) throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
                InputStream in = Files.newInputStream(Checkpoint.weightsFile(directory))) {
            return NDList.decode(manager, in).stream().map(NDArray::getName).map(name -> name.replace(".npy", ""))
                    .toList();
        }
    }

    private static float[] filled(int size, float value) {
        float[] values = new float[size];
        java.util.Arrays.fill(values, value);
        return values;
    }

    private static double distance(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
