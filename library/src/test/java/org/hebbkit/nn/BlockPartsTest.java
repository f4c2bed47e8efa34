package org.hebbkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Batch norm, triangle, padding and pooling against their definitions. */
class BlockPartsTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(11);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void batchNormStandardisesAndTracksRunningStatistics() {
        BatchNorm norm = new BatchNorm(manager, 3);
        NDArray x = manager.randomNormal(2f, 3f, new Shape(8, 3, 5, 5), ai.djl.ndarray.types.DataType.FLOAT32);
        NDArray y = norm.apply(x, true);
        float[] mean = y.sum(new int[] {0, 2, 3}).div(200).toFloatArray();
        float[] squares = y.square().sum(new int[] {0, 2, 3}).div(200).toFloatArray();
        for (int c = 0; c < 3; c++) {
            assertEquals(0, mean[c], 1e-5);
            assertEquals(1, squares[c], 1e-3);
        }
        float batchMean = x.get(":, 0").mean().getFloat();
        assertEquals(0.1f * batchMean, norm.runningMean().getFloat(0), 1e-5);
        NDArray inference = norm.apply(x, false);
        float expected = (x.getFloat(0, 0, 0, 0) - norm.runningMean().getFloat(0))
                / (float) Math.sqrt(norm.runningVariance().getFloat(0) + BatchNorm.EPSILON);
        assertEquals(expected, inference.getFloat(0, 0, 0, 0), 1e-5);
    }

    /** {@link HebbianBlock#learn} changes what {@link HebbianBlock#forward} changes, bit for bit, in every phase. */
    @Test
    void learnChangesWhatForwardChanges() {
        for (HebbianBlock.Phase phase : HebbianBlock.Phase.values()) {
            HebbianBlock[] pair = new HebbianBlock[2];
            for (int i = 0; i < 2; i++) {
                HebbianConv2d layer = HebbianConv2d.builder().setGeometry(ConvGeometry.of(3, 8, 3, 1, Padding.REFLECT))
                        .setCompetition(new org.hebbkit.rule.AdaptiveThresholds(2, 0.1))
                        .setLearningRate(new org.hebbkit.rule.AdaptiveLearningRate(0.1, 0.5)).build(manager, 4);
                pair[i] = new HebbianBlock(new BatchNorm(manager, 3), layer, new Triangle(1), new Pooling(Pooling.Kind.MAX, 2, 2, 0));
            }
            manager.getEngine().setRandomSeed(3);
            for (int batch = 0; batch < 3; batch++) {
                NDArray x = manager.randomNormal(1f, 2f, new Shape(4, 3, 6, 6), ai.djl.ndarray.types.DataType.FLOAT32);
                pair[0].forward(x, phase);
                pair[1].learn(x, phase);
            }
            java.util.List<NDArray> forwardState = pair[0].state();
            java.util.List<NDArray> learnState = pair[1].state();
            assertEquals(forwardState.size(), learnState.size());
            for (int i = 0; i < forwardState.size(); i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(forwardState.get(i).toFloatArray(),
                        learnState.get(i).toFloatArray(), phase + ": state array " + i);
            }
            if (phase != HebbianBlock.Phase.INFER) {
                org.junit.jupiter.api.Assertions.assertNotEquals(0f, pair[1].inputNorm().runningMean().abs().sum().getFloat(),
                        phase + " moved the batch norm");
            }
        }
    }

    @Test
    void triangleKeepsWhatLiesAboveTheMeanOverChannels() {
        NDArray u = manager.create(new float[] {1, 2, 6}, new Shape(1, 3, 1, 1));
        float[] out = new Triangle(2).apply(u).toFloatArray();
        assertEquals(0, out[0], 0);
        assertEquals(0, out[1], 0);
        assertEquals(9, out[2], 1e-5);
    }

    @Test
    void reflectPaddingMirrorsWithoutTheEdge() {
        NDArray row = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 1, 4));
        NDArray image = row.repeat(2, 3);
        float[] padded = Padding.REFLECT.apply(image, 2).get("0, 0, 2").toFloatArray();
        assertEquals("[3.0, 2.0, 1.0, 2.0, 3.0, 4.0, 3.0, 2.0]", java.util.Arrays.toString(padded));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Padding.REFLECT.apply(image, 3));
        assertEquals("reflect padding 3 needs height and width above it, got (1, 1, 3, 4)", error.getMessage());
    }

    @Test
    void poolingSizesFollowTheFormula() {
        NDArray x = manager.ones(new Shape(1, 2, 32, 32));
        Pooling max = new Pooling(Pooling.Kind.MAX, 4, 2, 1);
        assertEquals(new Shape(1, 2, 16, 16), max.apply(x).getShape());
        assertEquals(16, max.outputSize(32));
        NDArray avg = new Pooling(Pooling.Kind.AVG, 4, 2, 1).apply(x);
        assertEquals(0.5625f, avg.getFloat(0, 0, 0, 0), 1e-6f, "corner window: 9 of 16 taps inside, padding counts");
    }
}
