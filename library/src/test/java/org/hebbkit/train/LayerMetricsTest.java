package org.hebbkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.hebbkit.nn.HebbianLinear;
import org.hebbkit.rule.ConstantRate;
import org.hebbkit.rule.HardWinnerTakeAll;
import org.junit.jupiter.api.Test;

/** Winner statistics stay a distribution when neurons tie. */
class LayerMetricsTest {

    @Test
    void tiedWinnersShareTheWinsAndTheEntropyStaysAtMostLog2OfTheNeurons() {
        try (NDManager manager = NDManager.newBaseManager()) {
            HebbianLinear layer = HebbianLinear.builder().setInputs(3).setNeurons(4).setCompetition(new HardWinnerTakeAll())
                    .setLearningRate(new ConstantRate(0.01)).build(manager, 1);
            layer.forward(manager.zeros(new Shape(5, 3)), true);   // u = 0 everywhere: all four neurons tie
            LayerMetrics metrics = LayerMetrics.of(0, layer, manager);
            assertEquals(1.0, metrics.winFractions()[0], 1e-9, "each neuron won every column (a tie)");
            assertEquals(2.0, metrics.winEntropyBits(), 1e-9, "four equal shares: log2(4) bits, not more");
        }
    }
}
