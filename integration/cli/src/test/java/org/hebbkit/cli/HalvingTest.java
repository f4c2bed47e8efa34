package org.hebbkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hebbkit sweep --halving} on real MNIST subsets: three learning rates of the MNIST MLP on 300, then the best
 * one on 900, then on 2,700 training images; the lower rungs are scored on held-out training images (never the test
 * set), the kept configuration is the best of its rung, and the same command again runs nothing.
 */
class HalvingTest {

    @TempDir
    Path temp;

    @Test
    void eachRungKeepsItsBestConfigurationScoredOnHeldOutTrainingImages() throws Exception {
        Path data = TrainEvalRealRunTest.dataDirectory();
        Path out = temp.resolve("halving");
        String[] command = {"sweep", "--preset", "softhebb-mnist-mlp", "--seeds", "0", "--set",
            "blocks.0.learningRate.rate=0.01,0.045,0.2", "--halving", "eta=3,validation=1000", "--limit-train", "2700",
            "--limit-test", "500", "--probe-epochs", "1", "--workers", "2", "--threads", "1", "--data", data.toString(),
            "--out", out.toString()};
        Cli run = Cli.run(command);
        assertEquals(0, run.status, run.toString());
        assertTrue(run.out.contains("halving rung 1 of 3: 3 configurations on 300 training images, scored on held-out"
                + " training images"), run.out);
        assertTrue(run.out.contains("halving rung 3 of 3: 1 configuration on 2,700 training images, scored on the test set"),
                run.out);

        List<String[]> rungs = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("rungs.csv")).subList(1, 6)) {
            rungs.add(line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1));
        }
        // rung 1: three configurations on 300 images, scored on validation; the best one is kept
        double best = -1;
        String bestConfiguration = null;
        for (String[] row : rungs.subList(0, 3)) {
            assertEquals("1", row[0]);
            assertEquals("300", row[1]);
            assertEquals("validation", row[2]);
            double mean = Double.parseDouble(row[4]);
            if (mean > best) {
                best = mean;
                bestConfiguration = row[3];
            }
        }
        for (String[] row : rungs.subList(0, 3)) {
            assertEquals(row[3].equals(bestConfiguration) ? "yes" : "no", row[7], String.join(",", row));
        }
        assertEquals(List.of("2", "900", "validation", bestConfiguration), List.of(rungs.get(3)).subList(0, 4));
        assertEquals(List.of("3", "2700", "test", bestConfiguration), List.of(rungs.get(4)).subList(0, 4));

        // a lower rung's trial: trained on the first 300 images, evaluated on the last 1,000, the test set unread
        try (Stream<Path> trials = Files.list(out.resolve("rungs/rung-1/trials"))) {
            for (Path trial : trials.toList()) {
                JsonObject runJson = JsonParser.parseString(Files.readString(trial.resolve("run.json"))).getAsJsonObject();
                assertFalse(runJson.has("test_accuracy"), trial.toString());
                assertTrue(runJson.has("validation_accuracy"), trial.toString());
                JsonObject config = runJson.getAsJsonObject("config");
                assertEquals(300, config.get("train_images").getAsInt());
                assertEquals(1000, config.get("test_images").getAsInt());
                assertEquals("validation: the last 1000 training images", config.get("evaluated_on").getAsString());
                assertFalse(Files.exists(trial.resolve("report.html")), "no test-accuracy report for a validation run");
            }
        }
        assertTrue(Files.readAllLines(out.resolve("rungs/rung-1/results.csv")).get(0).contains(",validation_accuracy,"));
        assertEquals(Files.readString(out.resolve("rungs/rung-3/results.csv")), Files.readString(out.resolve("results.csv")));
        assertTrue(Files.readString(out.resolve("results.csv")).contains(",test_accuracy,"));

        Cli again = Cli.run(command);
        assertEquals(0, again.status, again.toString());
        assertFalse(again.out.contains("started "), again.out);
        assertEquals(3, again.out.split("already complete, 0 to run", -1).length - 1, again.out);
    }

    @Test
    void validationImagesMustNotOverlapTheTrainingImages() {
        Path data = TrainEvalRealRunTest.dataDirectory();
        Cli overlap = Cli.run("train", "--preset", "softhebb-mnist-mlp", "--validation", "59000", "--limit-train", "2000",
                "--data", data.toString(), "--out", temp.resolve("overlap").toString());
        assertEquals(2, overlap.status, overlap.toString());
        assertEquals("hebbkit: --validation 59000 with --limit-train 2000 needs more than the 60000 training images of"
                + " mnist; the validation images are the last ones and training takes the first ones, without overlap",
                overlap.err.strip());
        Cli twoPresets = Cli.run("sweep", "--preset", "softhebb-mnist-mlp", "--preset", "krotov-mnist", "--halving", "eta=3",
                "--out", temp.resolve("never").toString());
        assertEquals(2, twoPresets.status, twoPresets.toString());
        assertEquals("hebbkit: successive halving searches one preset's parameters; give one --preset, got 2",
                twoPresets.err.strip());
    }

    /**
     * CIFAR-10 without {@code --limit-train}: the full budget is the registry's 50,000 training images (the dataset
     * once had two names and the study refused it). The data directory here is empty, so the first rung's trials fail
     * at once, after the plan is printed; what matters is that the study is accepted and planned on 50,000.
     */
    @Test
    void halvingOnCifar10TakesItsBudgetFromTheDatasetRegistry() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("no-data"));
        Cli run = Cli.run("sweep", "--preset", "softhebb-cifar10-1layer", "--seeds", "0", "--set",
                "blocks.0.learningRate.rate=0.02,0.08", "--halving", "eta=2", "--workers", "1", "--threads", "1",
                "--data", empty.toString(), "--out", temp.resolve("cifar-halving").toString());
        assertTrue(run.out.contains("halving rung 1 of 3: 2 configurations on 12,500 training images"), run.toString());
        assertFalse(run.err.contains("--limit-train"), run.err);
    }
}
