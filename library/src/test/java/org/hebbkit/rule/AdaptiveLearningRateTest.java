package org.hebbkit.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class AdaptiveLearningRateTest {

    @Test
    void rateFollowsTheDistanceOfEachNormFromOne() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // rows of norm 5, 1 and 0.5
            float[] weights = {3, 4, 0, 1, 0, 0, 0.3f, 0.4f, 0};
            float[] rates = new AdaptiveLearningRate(0.08, 0.5).perNeuron(manager.create(weights, new Shape(3, 3)))
                    .toFloatArray();
            assertEquals(0.08 * Math.sqrt(4), rates[0], 1e-6);
            assertEquals(0.08 * Math.sqrt(1e-10), rates[1], 1e-9);
            assertEquals(0.08 * Math.sqrt(0.5), rates[2], 1e-6);
        }
    }

    @Test
    void badParametersAreNamed() {
        assertEquals("rate (learning rate) must be positive and finite, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> new AdaptiveLearningRate(0, 1)).getMessage());
        assertEquals("power must be non-negative and finite, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> new AdaptiveLearningRate(1, -1)).getMessage());
    }
}
