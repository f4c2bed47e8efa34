package org.hebbkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.hebbkit.model.Configs;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.model.Preset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped after any epoch (here by a listener that throws, as a crash would) and run again with the same
 * checkpoint directory ends with exactly the weights, readout and accuracy of an uninterrupted run: for a stop in
 * the second of two Hebbian stages, and in the middle of the probe. Saving progress changes nothing either.
 */
class ResumeTest {

    private static final LabelledImages TRAIN = TinyData.images(400, 1);
    private static final LabelledImages TEST = TinyData.images(200, 2);

    @TempDir
    Path temp;

    /** Two conv blocks (two successive stages) of 2 epochs each, a 4-epoch probe with dropout. */
    private static Preset preset() {
        Preset tiny = TinyData.preset();
        Preset twoBlocks = Configs.with(tiny, "blocks", List.of(tiny.blocks().get(0),
                Configs.with(tiny.blocks().get(0), "pooling", null)));
        return Configs.with(twoBlocks, "unsupervised.epochs", 2);
    }

    /** Stops the run when the given stage finishes the given epoch (after that epoch's progress is saved or not). */
    private static final class Crash implements TrainingListener {
        private final String stage;
        private final int epoch;

        Crash(String stage, int epoch) {
            this.stage = stage;
            this.epoch = epoch;
        }

        @Override
        public void batchFinished(TrainingEvents.BatchFinished event) {
            if (event.stage().equals(stage) && event.epoch() == epoch && event.batch() == 3) {
                throw new IllegalStateException("killed");
            }
        }
    }

    private PresetRun.Result run(Path checkpoints, TrainingListener listener) {
        PresetRun.Builder builder = PresetRun.builder().setPreset(preset()).optSeed(4);
        if (checkpoints != null) {
            builder.optCheckpoints(checkpoints);
        }
        if (listener != null) {
            builder.optListener(listener);
        }
        return builder.build().run(TRAIN, TEST);
    }

    @Test
    void aRunStoppedInAHebbianStageOrInTheProbeEndsAsAnUninterruptedOne() {
        PresetRun.Result uninterrupted = run(null, null);
        PresetRun.Result saving = run(temp.resolve("saving"), null);
        try (HebbianNetwork a = uninterrupted.network(); HebbianNetwork b = saving.network()) {
            assertSame(uninterrupted, saving, "saving progress");
            for (String[] stop : new String[][] {{"hebbian block 2/2", "2"}, {"probe", "3"}}) {
                Path directory = temp.resolve("stopped-in-" + stop[0].replace(' ', '-').replace('/', '-'));
                IllegalStateException killed = assertThrows(IllegalStateException.class,
                        () -> run(directory, new Crash(stop[0], Integer.parseInt(stop[1]))));
                assertEquals("killed", killed.getMessage());
                assertTrue(RunCheckpoints.exists(directory));
                PresetRun.Result continued = run(directory, null);
                try (HebbianNetwork c = continued.network()) {
                    assertSame(uninterrupted, continued, "continued after a stop in " + stop[0] + " epoch " + stop[1]);
                    assertEquals(uninterrupted.history().epochs().size(), continued.history().epochs().size(),
                            "the history holds the epochs before the stop too");
                }
            }
        }
    }

    @Test
    void anotherRunsProgressIsRefused() {
        Path directory = temp.resolve("other");
        assertThrows(IllegalStateException.class, () -> run(directory, new Crash("probe", 2)));
        PresetRun.Builder otherSeed = PresetRun.builder().setPreset(preset()).optSeed(5).optCheckpoints(directory);
        UncheckedIOException refused = assertThrows(UncheckedIOException.class, () -> otherSeed.build().run(TRAIN, TEST));
        assertTrue(refused.getMessage().startsWith(directory + " holds the progress of another run (preset tiny-conv,"
                + " seed 4,"), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("Continue it with the same settings, or choose a new output directory."),
                refused.getMessage());
    }

    private static void assertSame(PresetRun.Result expected, PresetRun.Result actual, String what) {
        for (int b = 0; b < expected.network().blocks().size(); b++) {
            assertArrayEquals(expected.network().blocks().get(b).layer().weight().toFloatArray(),
                    actual.network().blocks().get(b).layer().weight().toFloatArray(), what + ": block " + b + " weights");
        }
        assertArrayEquals(expected.network().namedState().get(2).toFloatArray(),
                actual.network().namedState().get(2).toFloatArray(), what + ": " + expected.network().namedState().get(2).getName());
        assertArrayEquals(expected.readout().weight().toFloatArray(), actual.readout().weight().toFloatArray(),
                what + ": readout");
        assertEquals(expected.testAccuracy(), actual.testAccuracy(), what + ": test accuracy");
    }
}
