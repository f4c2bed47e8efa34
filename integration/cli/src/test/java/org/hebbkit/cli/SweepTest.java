package org.hebbkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hebbkit.model.Configs;
import org.hebbkit.model.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hebbkit sweep} on real MNIST subsets (the MNIST MLP preset, 1,000 training and 500 test images, a 1-epoch
 * probe): every trial runs as {@code hebbkit train} would, the tables agree with the trials, the same command
 * resumes without repeating a trial, a study killed with SIGKILL runs only its missing trials when run again, and
 * bad input is refused before anything runs.
 */
class SweepTest {

    @TempDir
    Path temp;

    private List<String> study(Path data, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "--preset", "softhebb-mnist-mlp", "--limit-train", "1000",
                "--limit-test", "500", "--probe-epochs", "1", "--threads", "1", "--data", data.toString(),
                "--out", out.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void everyTrialRunsAsTrainWouldTheTablesAgreeAndTheSameCommandRepeatsNothing() throws Exception {
        Path data = TrainEvalRealRunTest.dataDirectory();
        Path out = temp.resolve("study");
        String[] command = study(data, out, "--seeds", "0,1", "--set", "blocks.0.learningRate.rate=0.02,0.045",
                "--workers", "2").toArray(String[]::new);
        Cli first = Cli.run(command);
        assertEquals(0, first.status, first.toString());
        assertTrue(first.out.contains("study: 4 trials, 0 already complete, 4 to run (local, 2 worker processes, 1 engine"
                + " thread per trial)"), first.out);

        List<Map<String, String>> rows = csv(out.resolve("results.csv"));
        assertEquals(4, rows.size());
        Map<String, List<Double>> byRate = new HashMap<>();
        int i = 0;
        for (String rate : List.of("0.02", "0.045")) {
            for (String seed : List.of("0", "1")) {
                Map<String, String> row = rows.get(i++);
                assertEquals("softhebb-mnist-mlp", row.get("preset"));
                assertEquals(rate, row.get("blocks.0.learningRate.rate"));
                assertEquals(seed, row.get("seed"));
                assertEquals("complete", row.get("status"));
                Path trial = out.resolve("trials").resolve(row.get("trial"));
                JsonObject run = json(trial.resolve("run.json"));
                assertEquals(String.format(Locale.ROOT, "%.4f", run.get("test_accuracy").getAsDouble() * 100),
                        row.get("test_accuracy"));
                assertEquals(Long.parseLong(seed), run.get("seed").getAsLong());
                assertEquals(Double.parseDouble(rate), run.getAsJsonObject("recipe").getAsJsonArray("blocks").get(0)
                        .getAsJsonObject().getAsJsonObject("learningRate").get("rate").getAsDouble());
                assertEquals(1000, run.getAsJsonObject("config").get("train_images").getAsInt());
                assertTrue(Files.isDirectory(trial.resolve("model")) && Files.isRegularFile(trial.resolve("trial.json")));
                assertTrue(Double.parseDouble(row.get("test_accuracy")) > 15, "above chance (10 %): " + row);
                byRate.computeIfAbsent(rate, key -> new ArrayList<>()).add(run.get("test_accuracy").getAsDouble() * 100);
            }
        }
        // summary.csv: mean and sample standard deviation over the two seeds, recomputed here
        List<Map<String, String>> summary = csv(out.resolve("summary.csv"));
        assertEquals(2, summary.size());
        for (Map<String, String> row : summary) {
            List<Double> a = byRate.get(row.get("blocks.0.learningRate.rate"));
            double mean = (a.get(0) + a.get(1)) / 2;
            double std = Math.abs(a.get(0) - a.get(1)) / Math.sqrt(2);
            assertEquals(mean, Double.parseDouble(row.get("mean_test_accuracy")), 1e-4, row.toString());
            assertEquals(std, Double.parseDouble(row.get("std_test_accuracy")), 1e-4, row.toString());
            assertEquals("2", row.get("seeds"));
        }
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("4 of 4 trials complete") && report.contains("<svg")
                && report.contains("blocks.0.learningRate.rate against test accuracy"), "report.html");

        // the trial is exactly 'hebbkit train' with its preset file, seed and options: the same accuracy, bit for bit
        Map<String, String> trialRow = rows.get(3);
        Path trial = out.resolve("trials").resolve(trialRow.get("trial"));
        Path alone = temp.resolve("alone");
        Process train = Cli.start(List.of("train", "--preset", trial.resolve("preset.json").toString(), "--seed", "1",
                "--limit-train", "1000", "--limit-test", "500", "--threads", "1", "--data", data.toString(),
                "--out", alone.toString()));
        String trainOutput = new String(train.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, train.waitFor(), trainOutput);
        assertEquals(json(trial.resolve("run.json")).get("test_accuracy").getAsDouble(),
                json(alone.resolve("run.json")).get("test_accuracy").getAsDouble());

        // the same command again: nothing runs, nothing is rewritten in the trials
        Map<Path, FileTime> stamps = new HashMap<>();
        for (Map<String, String> row : rows) {
            Path dir = out.resolve("trials").resolve(row.get("trial"));
            for (String file : List.of("trial.json", "run.json", "train.log")) {
                stamps.put(dir.resolve(file), Files.getLastModifiedTime(dir.resolve(file)));
            }
        }
        Cli again = Cli.run(command);
        assertEquals(0, again.status, again.toString());
        assertTrue(again.out.contains("study: 4 trials, 4 already complete, 0 to run"), again.out);
        assertFalse(again.out.contains("started "), again.out);
        for (Map.Entry<Path, FileTime> stamp : stamps.entrySet()) {
            assertEquals(stamp.getValue(), Files.getLastModifiedTime(stamp.getKey()), stamp.getKey() + " untouched");
        }
        assertEquals(rows, csv(out.resolve("results.csv")));

        // more seeds for the same study: only the new seed's trials run, the others stay as they were
        List<String> moreSeeds = study(data, out, "--seeds", "0,1,2", "--set", "blocks.0.learningRate.rate=0.02,0.045");
        Cli extended = Cli.run(moreSeeds.toArray(String[]::new));
        assertEquals(0, extended.status, extended.toString());
        assertTrue(extended.out.contains("study: 6 trials, 4 already complete, 2 to run"), extended.out);
        assertEquals(2, extended.out.lines().filter(line -> line.startsWith("  started ")).count(), extended.out);
        assertTrue(extended.out.lines().filter(line -> line.startsWith("  started ")).allMatch(line -> line.contains("seed 2)")),
                extended.out);
        for (Map.Entry<Path, FileTime> stamp : stamps.entrySet()) {
            assertEquals(stamp.getValue(), Files.getLastModifiedTime(stamp.getKey()), stamp.getKey() + " untouched");
        }
        List<Map<String, String>> extendedRows = csv(out.resolve("results.csv"));
        assertEquals(6, extendedRows.size());
        assertTrue(extendedRows.containsAll(rows), "the first four rows unchanged");
        assertTrue(csv(out.resolve("summary.csv")).stream().allMatch(row -> row.get("seeds").equals("3")));

        // another study in the same folder is refused, saying what differs; nothing is changed
        byte[] studyFile = Files.readAllBytes(out.resolve("study.json"));
        List<String> changed = study(data, out, "--seeds", "0,1", "--set", "blocks.0.learningRate.rate=0.02,0.045");
        Cli other = Cli.run(changed.toArray(String[]::new));
        assertEquals(1, other.status, other.toString());
        assertEquals("hebbkit: " + out + " holds another study (seeds: [0,1,2] then [0,1]): run that study's own command"
                + " there to resume it, or choose another --out for this one", other.err.strip());
        assertArrayEquals(studyFile, Files.readAllBytes(out.resolve("study.json")));
    }

    @Test
    void aStudyRunsItsTrialsOnTheKernelItNamesAndAnotherKernelIsAnotherStudy() throws Exception {
        Path data = TrainEvalRealRunTest.dataDirectory();
        Path out = temp.resolve("engine");
        Cli engine = Cli.run(study(data, out, "--seeds", "0", "--matmul", "engine").toArray(String[]::new));
        assertEquals(0, engine.status, engine.toString());
        assertEquals("engine", json(out.resolve("study.json")).getAsJsonObject("options").get("matmul").getAsString());
        List<Map<String, String>> rows = csv(out.resolve("results.csv"));
        assertEquals(1, rows.size());
        JsonObject run = json(out.resolve("trials").resolve(rows.get(0).get("trial")).resolve("run.json"));
        assertEquals("engine", run.getAsJsonObject("config").get("matmul").getAsString());
        assertEquals("engine", run.getAsJsonObject("provenance").getAsJsonObject("numerics").get("matmul").getAsString());
        assertEquals(1, run.getAsJsonObject("provenance").getAsJsonObject("numerics").get("engine_threads").getAsInt(),
                "--threads 1");

        // the other kernel in the same folder is another study: refused, naming the option; nothing is changed
        byte[] studyFile = Files.readAllBytes(out.resolve("study.json"));
        Cli onednn = Cli.run(study(data, out, "--seeds", "0", "--matmul", "onednn").toArray(String[]::new));
        assertEquals(1, onednn.status, onednn.toString());
        assertEquals("hebbkit: " + out + " holds another study (options.matmul: \"engine\" then \"onednn\"): run that"
                + " study's own command there to resume it, or choose another --out for this one", onednn.err.strip());
        assertArrayEquals(studyFile, Files.readAllBytes(out.resolve("study.json")));
    }

    @Test
    void aStudyKilledMidwayRunsOnlyItsMissingTrialsWhenRunAgain() throws Exception {
        Path data = TrainEvalRealRunTest.dataDirectory();
        Path out = temp.resolve("killed");
        List<String> command = study(data, out, "--seeds", "0-2", "--workers", "1");
        Process sweep = Cli.start(command);
        String firstDone = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(sweep.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("  started softhebb-mnist-mlp-seed1")) {
                    Thread.sleep(2000); // the second trial is under way
                    sweep.destroyForcibly(); // SIGKILL: no shutdown hook runs
                    break;
                }
                if (line.startsWith("[1/3] ")) {
                    firstDone = line;
                }
            }
        }
        sweep.waitFor(30, TimeUnit.SECONDS);
        assertTrue(firstDone != null && firstDone.contains("softhebb-mnist-mlp-seed0: test accuracy"), String.valueOf(firstDone));
        // the orphaned trial process notices its sweep's death and stops
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (trialProcessesOf(out) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, trialProcessesOf(out), "no trial process outlives its sweep");
        Path first = out.resolve("trials/softhebb-mnist-mlp-seed0/trial.json");
        byte[] firstResult = Files.readAllBytes(first);
        FileTime firstStamp = Files.getLastModifiedTime(first);
        assertFalse(Files.exists(out.resolve("trials/softhebb-mnist-mlp-seed1/trial.json")), "the killed trial is not complete");
        List<Map<String, String>> partial = csv(out.resolve("results.csv"));
        assertEquals(1, partial.size(), "results.csv holds the one trial that ended");

        Cli resumed = Cli.run(command.toArray(String[]::new));
        assertEquals(0, resumed.status, resumed.toString());
        assertTrue(resumed.out.contains("study: 3 trials, 1 already complete, 2 to run"), resumed.out);
        assertFalse(resumed.out.contains("started softhebb-mnist-mlp-seed0"), resumed.out);
        assertArrayEquals(firstResult, Files.readAllBytes(first));
        assertEquals(firstStamp, Files.getLastModifiedTime(first));
        List<Map<String, String>> rows = csv(out.resolve("results.csv"));
        assertEquals(List.of("0", "1", "2"), rows.stream().map(row -> row.get("seed")).toList());
        assertTrue(rows.stream().allMatch(row -> row.get("status").equals("complete")), rows.toString());
    }

    @Test
    void aTrialThatFailsIsRecordedAsFailedNotCompleteAndRunsAgainNextTime() throws Exception {
        Path data = TrainEvalRealRunTest.dataDirectory();
        Path empty = Files.createDirectories(temp.resolve("no-data"));
        Path out = temp.resolve("failing");
        Cli failed = Cli.run(study(empty, out, "--seeds", "0").toArray(String[]::new));
        assertEquals(1, failed.status, failed.toString());
        assertTrue(failed.err.contains("hebbkit: 1 of 1 trials failed (see results.csv and each trial's train.log); run the"
                + " same command again to retry them"), failed.err);
        Map<String, String> row = csv(out.resolve("results.csv")).get(0);
        assertEquals("failed", row.get("status"));
        assertTrue(row.get("message").startsWith("Dataset mnist train not found in data directory " + empty)
                && row.get("message").endsWith("(exit status 1)"), row.toString());
        assertEquals("", row.get("test_accuracy"));
        assertFalse(Files.exists(out.resolve("trials/softhebb-mnist-mlp-seed0/trial.json")));
        assertTrue(Files.readString(out.resolve("report.html")).contains("0 of 1 trials complete, 1 failed"));

        // --data is not part of the study: the same study with the data runs the failed trial again
        Cli retried = Cli.run(study(data, out, "--seeds", "0").toArray(String[]::new));
        assertEquals(0, retried.status, retried.toString());
        assertTrue(retried.out.contains("study: 1 trial, 0 already complete, 1 to run"), retried.out);
        assertEquals("complete", csv(out.resolve("results.csv")).get(0).get("status"));
    }

    @Test
    void badInputIsRefusedBeforeAnythingRuns() {
        Path out = temp.resolve("never");
        Path data = temp.resolve("data");
        Cli unknown = Cli.run(study(data, out, "--set", "blocks.0.learningRate.rte=0.1").toArray(String[]::new));
        assertEquals(2, unknown.status, unknown.toString());
        assertEquals("hebbkit: unknown path 'blocks.0.learningRate.rte' for preset softhebb-mnist-mlp; valid paths: "
                + String.join(", ", Configs.paths(Presets.get("softhebb-mnist-mlp"))), unknown.err.strip());
        Cli badValue = Cli.run(study(data, out, "--set", "blocks.0.outChannels=100,0").toArray(String[]::new));
        assertEquals(2, badValue.status, badValue.toString());
        assertTrue(badValue.err.startsWith("hebbkit: preset softhebb-mnist-mlp, blocks.0.outChannels=0: blocks[0]: "),
                badValue.err);
        Cli empty = Cli.run(study(data, out, "--set", "probe.epochs=").toArray(String[]::new));
        assertEquals("hebbkit: parameter probe.epochs has no values: give at least one, as probe.epochs=V1,V2,...",
                empty.err.strip());
        Cli seeds = Cli.run(study(data, out, "--seeds", "0,one").toArray(String[]::new));
        assertEquals("hebbkit: --seeds: seeds are whole numbers separated by commas, or ranges such as 0-3 (e.g. 0,1,2,3);"
                + " got '0,one'", seeds.err.strip());
        Cli search = Cli.run(study(data, out, "--search", "random:0").toArray(String[]::new));
        assertEquals("hebbkit: random search needs at least 1 configuration, got 0", search.err.strip());
        Cli workers = Cli.run(study(data, out, "--workers", "0").toArray(String[]::new));
        assertEquals("hebbkit: --workers must be at least 1, got 0", workers.err.strip());
        Cli engine = Cli.run(study(data, out, "--engine", "ray").toArray(String[]::new));
        assertEquals("hebbkit: --engine must be local or spark, got 'ray'", engine.err.strip());
        for (Cli refused : List.of(empty, seeds, search, workers, engine)) {
            assertEquals(2, refused.status, refused.toString());
        }
        assertFalse(Files.exists(out), "nothing is written for a refused study");
    }

    /** Processes whose command line names {@code out}: the trial processes of a sweep into it. */
    private static long trialProcessesOf(Path out) {
        return ProcessHandle.allProcesses().filter(process -> process.info().arguments()
                .map(arguments -> String.join(" ", arguments).contains(out.toString() + "/trials/")).orElse(false)).count();
    }


    private static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    /** A CSV file as rows keyed by the header (no quoted commas in these tables but the message, checked apart). */
    private static List<Map<String, String>> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
            Map<String, String> row = new HashMap<>();
            for (int c = 0; c < header.length; c++) {
                String cell = cells[c];
                row.put(header[c], cell.startsWith("\"") ? cell.substring(1, cell.length() - 1).replace("\"\"", "\"") : cell);
            }
            rows.add(row);
        }
        return rows;
    }
}
