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
 * A study that never reads the test set ({@code sweep --validation N}, its halving top rung included), then its
 * choice tested once on the test set ({@code hebbkit test-chosen}), on real MNIST subsets.
 */
class ValidationStudyTest {

    @TempDir
    Path temp;

    @Test
    void aValidationStudyChoosesWithoutTheTestSetAndTestChosenTestsItsBestConfigurationOnce() throws Exception {
        Path data = TrainEvalRealRunTest.dataDirectory();
        Path study = temp.resolve("search");
        Cli run = Cli.run("sweep", "--preset", "softhebb-mnist-mlp", "--seeds", "0", "--set",
                "blocks.0.learningRate.rate=0.002,0.045,0.2", "--halving", "eta=3", "--validation", "1000",
                "--limit-train", "2700", "--probe-epochs", "1", "--workers", "2", "--threads", "1",
                "--data", data.toString(), "--out", study.toString());
        assertEquals(0, run.status, run.toString());
        assertTrue(run.out.contains("halving rung 3 of 3: 1 configuration on 2,700 training images, scored on held-out"
                + " training images"), run.out);
        assertFalse(run.out.contains("test accuracy"), run.out);

        // no trial of any rung read the test set: every run.json holds a validation accuracy on the last 1,000 images
        List<Path> runs;
        try (Stream<Path> files = Files.walk(study)) {
            runs = files.filter(path -> path.getFileName().toString().equals("run.json")).toList();
        }
        assertEquals(5, runs.size(), runs.toString());
        for (Path runFile : runs) {
            JsonObject record = JsonParser.parseString(Files.readString(runFile)).getAsJsonObject();
            assertFalse(record.has("test_accuracy"), runFile.toString());
            assertEquals("validation: the last 1000 training images",
                    record.getAsJsonObject("config").get("evaluated_on").getAsString(), runFile.toString());
        }
        List<String> rungs = Files.readAllLines(study.resolve("rungs.csv"));
        assertTrue(rungs.get(5).startsWith("3,2700,validation,"), rungs.toString());
        assertTrue(Files.readAllLines(study.resolve("summary.csv")).get(0).contains("mean_validation_accuracy"));
        String kept = rungs.get(5).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1)[3];
        double keptAccuracy = Double.parseDouble(rungs.get(5).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1)[4]);

        // the second step: the top rung's best configuration, trained on the first 2,700 images, tested once
        Path test = temp.resolve("test");
        String[] testCommand = {"test-chosen", "--study", study.toString(), "--seeds", "0,1", "--limit-train", "2700",
            "--limit-test", "500", "--workers", "2", "--threads", "1", "--data", data.toString(), "--out", test.toString()};
        Cli tested = Cli.run(testCommand);
        assertEquals(0, tested.status, tested.toString());
        JsonObject chosen = JsonParser.parseString(Files.readString(test.resolve("chosen.json"))).getAsJsonObject();
        assertEquals(kept.replace("\"\"", "\"").replaceAll("^\"|\"$", ""), chosen.get("configuration").getAsString());
        assertEquals(keptAccuracy, chosen.get("mean_validation_accuracy").getAsDouble() * 100, 1e-3);
        assertTrue(tested.out.startsWith("chosen: " + chosen.get("configuration").getAsString() + ": validation accuracy "),
                tested.out);
        List<String> results = Files.readAllLines(test.resolve("results.csv"));
        assertTrue(results.get(0).contains(",test_accuracy,"), results.get(0));
        assertEquals(3, results.size(), results.toString());
        for (String seed : List.of("0", "1")) {
            Path trial;
            try (Stream<Path> trials = Files.list(test.resolve("trials"))) {
                trial = trials.filter(path -> path.getFileName().toString().endsWith("-seed" + seed)).findFirst().orElseThrow();
            }
            JsonObject record = JsonParser.parseString(Files.readString(trial.resolve("run.json"))).getAsJsonObject();
            assertTrue(record.has("test_accuracy"), trial.toString());
            assertEquals(500, record.getAsJsonObject("config").get("test_images").getAsInt());
            assertEquals(2700, record.getAsJsonObject("config").get("train_images").getAsInt());
        }
        assertEquals(Files.readString(test.resolve("preset.json")), Files.readString(Files.list(test.resolve("trials"))
                .findFirst().orElseThrow().resolve("preset.json")));

        // once: the same command again tests nothing
        Cli again = Cli.run(testCommand);
        assertEquals(0, again.status, again.toString());
        assertTrue(again.out.contains("2 already complete, 0 to run"), again.out);
        assertFalse(again.out.contains("started "), again.out);
    }

    @Test
    void aStudyScoredOnTheTestSetOrUnfinishedCannotBeTested() throws Exception {
        Path data = TrainEvalRealRunTest.dataDirectory();
        Path study = temp.resolve("on-test");
        Cli run = Cli.run("sweep", "--preset", "softhebb-mnist-mlp", "--seeds", "0", "--limit-train", "300",
                "--limit-test", "200", "--probe-epochs", "1", "--threads", "1", "--data", data.toString(),
                "--out", study.toString());
        assertEquals(0, run.status, run.toString());
        Cli refused = Cli.run("test-chosen", "--study", study.toString(), "--out", temp.resolve("t").toString());
        assertEquals(2, refused.status, refused.toString());
        assertEquals("hebbkit: " + study + " was scored on the test set (its sweep ran without --validation): a test of"
                + " its choice would report a number the test set chose; run the study with --validation N (e.g. 5000)"
                + " and choose from that", refused.err.strip());
        assertFalse(Files.exists(temp.resolve("t")));

        Cli none = Cli.run("test-chosen", "--study", temp.resolve("nothing").toString(), "--out", temp.resolve("t").toString());
        assertEquals(2, none.status, none.toString());
        assertEquals("hebbkit: " + temp.resolve("nothing") + " holds no study (no study.json); give the --out folder of a"
                + " 'hebbkit sweep --validation N'", none.err.strip());

        Cli differ = Cli.run("sweep", "--preset", "softhebb-mnist-mlp", "--halving", "eta=3,validation=2000",
                "--validation", "1000", "--out", temp.resolve("never").toString());
        assertEquals(2, differ.status, differ.toString());
        assertEquals("hebbkit: --validation 1000 and --halving validation=2000 differ: every rung is scored on the same"
                + " held-out images; give one of them", differ.err.strip());

        Cli tooMany = Cli.run("sweep", "--preset", "softhebb-mnist-mlp", "--validation", "59000", "--limit-train", "2000",
                "--out", temp.resolve("never").toString());
        assertEquals(2, tooMany.status, tooMany.toString());
        assertEquals("hebbkit: --validation 59000 with --limit-train 2000 needs more than the 60000 training images of"
                + " mnist; the validation images are the last ones and training takes the first ones, without overlap",
                tooMany.err.strip());
        assertFalse(Files.exists(temp.resolve("never")));
    }

    /** Without --limit-train, a validation study's halving budget is CIFAR-10's 50,000 less the held-out images. */
    @Test
    void halvingOnValidationPlansOnTheTrainingSetLessTheHeldOutImages() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("no-data"));
        Cli run = Cli.run("sweep", "--preset", "softhebb-cifar10-1layer", "--seeds", "0", "--set",
                "blocks.0.learningRate.rate=0.02,0.08", "--halving", "eta=3", "--validation", "5000", "--workers", "1",
                "--threads", "1", "--data", empty.toString(), "--out", temp.resolve("cifar").toString());
        assertTrue(run.out.contains("halving rung 1 of 3: 2 configurations on 5,000 training images, scored on held-out"
                + " training images"), run.toString());
        List<String> lines = new ArrayList<>(Files.readAllLines(temp.resolve("cifar/study.json")));
        assertTrue(String.join("\n", lines).contains("\"validation\": 5000"), lines.toString());
    }
}
