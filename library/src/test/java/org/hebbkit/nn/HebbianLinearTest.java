package org.hebbkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.hebbkit.rule.AdaptiveLearningRate;
import org.hebbkit.rule.Competition;
import org.hebbkit.rule.HardWinnerTakeAll;
import org.hebbkit.rule.SoftKrotov;
import org.hebbkit.rule.SoftWinnerTakeAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dense layer's update against loops over indices; SoftHebb's promised properties. */
class HebbianLinearTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(7);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"soft", "krotov", "hard"})
    void updateEqualsTheNaiveLoops(String kind) {
        int inputs = 6;
        int neurons = 4;
        int batch = 5;
        double temperatureInverse = 1.3;
        Competition competition = switch (kind) {
            case "soft" -> new SoftWinnerTakeAll(temperatureInverse);
            case "krotov" -> new SoftKrotov(temperatureInverse);
            default -> new HardWinnerTakeAll();
        };
        HebbianLinear layer = HebbianLinear.builder().setInputs(inputs).setNeurons(neurons).setCompetition(competition)
                .setLearningRate(new AdaptiveLearningRate(0.1, 0.2)).optInit(new WeightInit(WeightInit.Kind.UNIFORM, 3))
                .build(manager, 1);
        NDArray x = manager.randomUniform(0, 1, new Shape(batch, inputs));
        float[] xs = x.toFloatArray();
        float[] w = layer.weight().toFloatArray();
        double[][] u = new double[batch][neurons];
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < neurons; o++) {
                for (int i = 0; i < inputs; i++) {
                    u[b][o] += w[o * inputs + i] * xs[b * inputs + i];
                }
            }
        }
        double[][][][] u4 = new double[batch][neurons][1][1];
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < neurons; o++) {
                u4[b][o][0][0] = u[b][o];
            }
        }
        double[][][][] y = NaiveConvolution.compete(u4, temperatureInverse, kind);
        double[] delta = new double[w.length];
        double max = 0;
        for (int o = 0; o < neurons; o++) {
            for (int i = 0; i < inputs; i++) {
                for (int b = 0; b < batch; b++) {
                    delta[o * inputs + i] += y[b][o][0][0] * (xs[b * inputs + i] - u[b][o] * w[o * inputs + i]);
                }
                max = Math.max(max, Math.abs(delta[o * inputs + i]));
            }
        }
        NDArray out = layer.forward(x, true);
        assertEquals(new Shape(batch, neurons), out.getShape());
        assertEquals(u[2][3], out.getFloat(2, 3), 1e-4);
        float[] updated = layer.weight().toFloatArray();
        for (int o = 0; o < neurons; o++) {
            double norm = 0;
            for (int i = 0; i < inputs; i++) {
                norm += (double) w[o * inputs + i] * w[o * inputs + i];
            }
            double lr = 0.1 * Math.pow(Math.abs(Math.sqrt(norm) - 1) + 1e-10, 0.2);
            for (int i = 0; i < inputs; i++) {
                int index = o * inputs + i;
                assertEquals(w[index] + lr * delta[index] / max, updated[index], 1e-5 * (1 + Math.abs(updated[index])));
            }
        }
    }

    @Test
    void softHebbDrivesWeightNormsTowardOne() {
        HebbianLinear layer = HebbianLinear.builder().setInputs(20).setNeurons(8).setCompetition(new SoftWinnerTakeAll(2))
                .setLearningRate(new AdaptiveLearningRate(0.05, 0.5)).optInit(new WeightInit(WeightInit.Kind.NORMAL, 4))
                .build(manager, 3);
        double before = meanDistanceFromUnitNorm(layer);
        for (int step = 0; step < 400; step++) {
            try (NDManager scope = manager.newSubManager()) {
                layer.forward(scope.randomNormal(new Shape(16, 20)), true);
            }
        }
        double after = meanDistanceFromUnitNorm(layer);
        assertTrue(before > 2.5, "starts far from the unit sphere: " + before);
        assertTrue(after < 0.05 * before, "mean | ||w|| - 1 | went from " + before + " to " + after);
    }

    @Test
    void inputOfTheWrongSizeNamesTheShape() {
        HebbianLinear layer = HebbianLinear.builder().setInputs(10).setNeurons(3).setCompetition(new HardWinnerTakeAll())
                .setLearningRate(new AdaptiveLearningRate(0.1, 0)).build(manager, 0);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(manager.ones(new Shape(2, 11)), false));
        assertEquals("input must have 10 features per example, got shape (2, 11)", error.getMessage());
    }

    private static double meanDistanceFromUnitNorm(HebbianLinear layer) {
        float[] norms = layer.weightMatrix().norm(new int[] {1}).toFloatArray();
        double sum = 0;
        for (float norm : norms) {
            sum += Math.abs(norm - 1);
        }
        return sum / norms.length;
    }
}
