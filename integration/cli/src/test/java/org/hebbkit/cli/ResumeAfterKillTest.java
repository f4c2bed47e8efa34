package org.hebbkit.cli;

import org.hebbkit.run.TrainCommand;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.hebbkit.model.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hebbkit train} killed with SIGKILL (a real process) at several points, then {@code hebbkit train --resume
 * OUT}, ends with the same weights, readout and test accuracy as the same command run without a stop. The preset:
 * the MNIST MLP with 3 unsupervised epochs and a 4-epoch probe, on 3,000 training and 1,000 test images.
 */
class ResumeAfterKillTest {

    @TempDir
    Path temp;

    @Test
    void aKilledTrainResumedEndsAsTheUninterruptedRun() throws Exception {
        Path data = TrainEvalRealRunTest.dataDirectory();
        Path preset = temp.resolve("mlp-3-epochs.json");
        JsonObject recipe = JsonParser.parseString(Cli.run("presets", "--json", "softhebb-mnist-mlp").out).getAsJsonObject();
        recipe.getAsJsonObject("unsupervised").addProperty("epochs", 3);
        recipe.getAsJsonObject("probe").addProperty("epochs", 4);
        Files.writeString(preset, recipe.toString());
        List<String> command = List.of("train", "--preset", preset.toString(), "--data", data.toString(), "--limit-train",
                "3000", "--limit-test", "1000", "--seed", "3");

        Path straight = temp.resolve("straight");
        Cli uninterrupted = Cli.run(concat(command, "--out", straight.toString()));
        assertEquals(0, uninterrupted.status, uninterrupted.toString());
        assertFalse(Files.exists(straight.resolve(TrainCommand.RESUME_DIRECTORY)), "an ended run keeps no progress files");

        SplittableRandom random = new SplittableRandom(11);
        List<String> resumedFrom = new ArrayList<>();
        for (String killAfter : List.of("hebbian block 1/1 epoch 1:", "hebbian block 1/1 epoch 2:", "probe epoch 2:")) {
            Path out = temp.resolve("killed-" + resumedFrom.size());
            Process process = Cli.start(List.of(concat(command, "--out", out.toString())));
            boolean seen = false;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.contains(killAfter)) {
                        seen = true;
                        Thread.sleep(random.nextInt(300));
                        process.destroyForcibly(); // SIGKILL
                        break;
                    }
                }
            }
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertTrue(seen, "the run printed '" + killAfter + "' before it ended (exit " + process.exitValue() + ")");
            assertEquals(137, process.exitValue(), "killed by SIGKILL");
            assertFalse(Files.exists(out.resolve("run.json")), "the killed run had not ended");

            Cli resumed = Cli.run("train", "--resume", out.toString(), "--data", data.toString());
            assertEquals(0, resumed.status, resumed.toString());
            String first = resumed.out.lines().filter(line -> line.startsWith("resuming ")).findFirst().orElse("");
            resumedFrom.add(killAfter + " -> " + first);
            assertEquals(uninterrupted.lastLine(), resumed.lastLine(), "same test accuracy");
            assertSameModel(straight.resolve("model"), out.resolve("model"));
            assertFalse(Files.exists(out.resolve(TrainCommand.RESUME_DIRECTORY)));
        }
        System.out.println("ResumeAfterKillTest: " + resumedFrom);
    }

    @Test
    void resumeRefusesOptionsThatDefineTheRunAndAFreshRunRefusesADirectoryWithProgress() throws Exception {
        Path out = temp.resolve("run");
        Files.createDirectories(out.resolve(TrainCommand.RESUME_DIRECTORY));
        Cli nothing = Cli.run("train", "--resume", out.toString());
        assertEquals(2, nothing.status, nothing.toString());
        assertTrue(nothing.err.startsWith("hebbkit: " + out + " has no saved progress to continue"), nothing.err);
        Files.writeString(out.resolve(TrainCommand.RESUME_DIRECTORY).resolve("command.json"), "{}");
        Cli seed = Cli.run("train", "--resume", out.toString(), "--seed", "2");
        assertEquals(2, seed.status, seed.toString());
        assertTrue(seed.err.contains("drop --seed (only --data, --threads and --device may be given)"), seed.err);
    }

    private static void assertSameModel(Path expected, Path actual) throws Exception {
        try (Checkpoint.Loaded a = Checkpoint.load(expected, Device.cpu()); Checkpoint.Loaded b = Checkpoint.load(actual, Device.cpu())) {
            List<NDArray> left = a.network().namedState();
            List<NDArray> right = b.network().namedState();
            assertEquals(left.size(), right.size());
            for (int i = 0; i < left.size(); i++) {
                assertArrayEquals(left.get(i).toFloatArray(), right.get(i).toFloatArray(), left.get(i).getName());
            }
            assertArrayEquals(a.readout().weight().toFloatArray(), b.readout().weight().toFloatArray(), "readout");
            assertArrayEquals(a.readout().bias().toFloatArray(), b.readout().bias().toFloatArray(), "readout bias");
        }
    }


    private static String[] concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }
}
