package org.hebbkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.hebbkit.model.Preset;
import org.junit.jupiter.api.Test;

class LinearProbeTest {

    @Test
    void learningRateHalvesAtTheMilestonesOfSoftHebb() {
        Preset.ProbeSpec fifty = new Preset.ProbeSpec(50, 64, 1e-3, 0.5, List.of(0.2, 0.35, 0.5, 0.6, 0.7, 0.8, 0.9), 1000);
        assertEquals(1e-3, LinearProbe.learningRate(fifty, 9), 1e-12);
        assertEquals(5e-4, LinearProbe.learningRate(fifty, 10), 1e-12);
        assertEquals(5e-4, LinearProbe.learningRate(fifty, 16), 1e-12);
        assertEquals(2.5e-4, LinearProbe.learningRate(fifty, 17), 1e-12);
        assertEquals(1e-3 / 128, LinearProbe.learningRate(fifty, 49), 1e-12);
        Preset.ProbeSpec twenty = org.hebbkit.model.Configs.with(fifty, "epochs", 20);
        assertEquals(1e-3, LinearProbe.learningRate(twenty, 9), 1e-12);
        assertEquals(5e-4, LinearProbe.learningRate(twenty, 10), 1e-12);
        assertEquals(2.5e-4, LinearProbe.learningRate(twenty, 15), 1e-12);
        assertEquals(1e-3, LinearProbe.learningRate(org.hebbkit.model.Configs.with(fifty, "epochs", 10), 9), 1e-12);
    }
}
