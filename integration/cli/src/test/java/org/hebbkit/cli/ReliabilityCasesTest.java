package org.hebbkit.cli;

import org.hebbkit.run.TrainCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hebbkit.model.Checkpoint;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.model.LinearReadout;
import org.hebbkit.model.Presets;
import org.hebbkit.model.RunFolderLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cases of issue 33, each with its exact message and exit status: a finished run is never overwritten, empty
 * paths, ranges, preset files, checkpoints with non-finite values, a model on data of another shape. No training
 * starts: every command here is refused before it would.
 */
class ReliabilityCasesTest {

    @TempDir
    Path temp;

    /** {@code hebbkit: MESSAGE} as the one line on standard error, and the exit status. */
    private static void assertRefused(int status, String message, Cli cli) {
        assertEquals(status, cli.status, cli.toString());
        assertEquals("hebbkit: " + message, cli.err.strip(), cli.toString());
    }

    /** A folder holding what a finished 'train' leaves: run.json, model/, report.html. */
    private Path finishedRun(String name) throws IOException {
        Path run = Files.createDirectories(temp.resolve(name));
        Files.writeString(run.resolve("run.json"), "{\"preset\": \"softhebb-mnist-mlp\", \"seed\": 1, \"test_accuracy\": 0.9712}");
        Files.createDirectories(run.resolve("model"));
        Files.writeString(run.resolve("model").resolve("model.json"), "{}");
        Files.writeString(run.resolve("report.html"), "<html></html>");
        return run;
    }

    @Test
    void aFinishedRunIsRefusedNamingWhatIsThereAndTheWayOut() throws IOException {
        Path run = finishedRun("RUN");
        Cli cli = Cli.run("train", "--preset", "softhebb-mnist-mlp", "--data", temp.toString(), "--seed", "1", "--out",
                run.toString());
        assertEquals(2, cli.status, cli.toString());
        String prefix = "hebbkit: --out " + run + " holds a finished run (run.json, model/, report.html: softhebb-mnist-mlp,"
                + " seed 1, test accuracy 97.12%), which is never overwritten: choose another --out, or add --overwrite to"
                + " move it aside to " + run + ".old-";
        assertTrue(cli.err.strip().startsWith(prefix), cli.toString());
        assertTrue(cli.err.strip().matches(java.util.regex.Pattern.quote(prefix) + "[0-9]{8}-[0-9]{6} \\(nothing is"
                + " deleted\\) and run in " + java.util.regex.Pattern.quote(run.toString())), cli.err);
        assertEquals("{\"preset\": \"softhebb-mnist-mlp\", \"seed\": 1, \"test_accuracy\": 0.9712}",
                Files.readString(run.resolve("run.json")), "untouched");
        assertFalse(Files.exists(run.resolve(TrainCommand.RESUME_DIRECTORY)));
    }

    @Test
    void overwriteMovesTheFinishedRunAsideAndDeletesNothing() throws IOException {
        Path run = finishedRun("RUN");
        Path noData = Files.createDirectories(temp.resolve("no-data"));
        Cli cli = Cli.run("train", "--preset", "softhebb-mnist-mlp", "--data", noData.toString(), "--out", run.toString(),
                "--overwrite");
        // the old run is moved aside first; then the new one stops at the missing data (exit 1), before any training
        assertEquals(1, cli.status, cli.toString());
        List<Path> aside;
        try (Stream<Path> siblings = Files.list(temp)) {
            aside = siblings.filter(path -> path.getFileName().toString().startsWith("RUN.old-")).toList();
        }
        assertEquals(1, aside.size(), aside.toString());
        assertTrue(cli.out.startsWith("moved the finished run in " + run + " aside to " + aside.get(0) + " (--overwrite)"),
                cli.out);
        assertTrue(Files.isRegularFile(aside.get(0).resolve("run.json")));
        assertTrue(Files.isRegularFile(aside.get(0).resolve("model").resolve("model.json")));
        assertTrue(Files.isRegularFile(aside.get(0).resolve("report.html")));
        assertFalse(Files.exists(run.resolve("run.json")));
        assertTrue(cli.err.contains("Dataset mnist train not found in data directory " + noData), cli.err);
    }

    @Test
    void overwriteIsNotAResumeOption() throws IOException {
        Path run = Files.createDirectories(temp.resolve("run").resolve(TrainCommand.RESUME_DIRECTORY));
        Files.writeString(run.resolve("command.json"), "{}");
        assertRefused(2, "--resume takes the run's settings from " + run.resolve("command.json") + "; drop --overwrite (only"
                + " --data, --threads and --device may be given)", Cli.run("train", "--resume", run.getParent().toString(),
                "--overwrite"));
    }

    /** Skipped as root (the test machine), whom permissions do not stop; CI runs it as a plain user. */
    @Test
    void resumeInAFolderThatCannotBeWrittenSaysToMakeItWritable() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "root writes into read-only folders");
        Path run = temp.resolve("run");
        Path resume = Files.createDirectories(run.resolve(TrainCommand.RESUME_DIRECTORY));
        String preset = Cli.run("presets", "--json", "softhebb-mnist-mlp").out;
        Files.writeString(resume.resolve("command.json"), "{\"preset\": " + preset + ", \"seed\": 0, \"limit_train\": 100,"
                + " \"limit_test\": 50}");
        assertTrue(run.toFile().setWritable(false, false));
        try {
            Cli cli = Cli.run("train", "--resume", run.toString(), "--data", temp.toString());
            assertEquals(2, cli.status, cli.toString());
            assertTrue(cli.err.startsWith("hebbkit: cannot write the run's outputs into " + run + " ("), cli.err);
            assertTrue(cli.err.strip().endsWith("); --resume continues a run in its own folder: make it writable (e.g."
                    + " chmod -R u+w " + run + ") and run the same command again"), cli.err);
        } finally {
            run.toFile().setWritable(true, false);
        }
    }

    @Test
    void emptyAndBlankPathsAreRefusedEverywhere() {
        String[][] cases = {
            {"train", "--out"}, {"train", "--resume"}, {"train", "--data"}, {"train", "--preset"}, {"eval", "--model"},
            {"eval", "--data"}, {"sweep", "--out"}, {"compare", "--out"}, {"bench", "data", "--data"},
            {"bench", "step", "--data"}, {"presets", "--json"}};
        for (String[] command : cases) {
            for (String value : new String[] {"", " ", "\t"}) {
                String[] args = java.util.Arrays.copyOf(command, command.length + 1);
                args[command.length] = value;
                Cli cli = Cli.run(args);
                String option = command[command.length - 1];
                String name = String.join(" ", java.util.Arrays.copyOf(command, command.length - 1));
                assertRefused(2, "Invalid value for option '" + option + "': an empty value ('" + value + "'); give one,"
                        + " or leave the option out for its default; 'hebbkit " + name + " --help' lists the options", cli);
            }
        }
    }

    @Test
    void limitsAndThreadsTakeOneOrMoreAndSayWhatLeavingThemOutMeans() {
        assertRefused(2, "--limit-train must be at least 1 (leave --limit-train out to use every training image), got 0",
                Cli.run("train", "--preset", "softhebb-mnist-mlp", "--limit-train", "0"));
        assertRefused(2, "--limit-test must be at least 1 (leave --limit-test out to use every test image), got -1",
                Cli.run("eval", "--model", temp.toString(), "--limit-test", "-1"));
        for (String threads : new String[] {"0", "-3"}) {
            assertRefused(2, "--threads must be at least 1 (leave --threads out for one per core), got " + threads,
                    Cli.run("train", "--preset", "softhebb-mnist-mlp", "--threads", threads));
        }
        assertRefused(2, "--threads must be at least 1 (leave --threads out for the cores divided among the workers), got 0",
                Cli.run("sweep", "--preset", "softhebb-mnist-mlp", "--out", temp.resolve("s").toString(), "--threads", "0"));
        assertFalse(Files.exists(temp.resolve("s")), "nothing written for a refused sweep");
    }

    @Test
    void benchmarkCountsAreChecked() {
        assertRefused(2, "--batches must be at least 1, got -1", Cli.run("bench", "step", "--batches", "-1"));
        assertRefused(2, "--warmup must be at least 0, got -1", Cli.run("bench", "step", "--warmup", "-1"));
        assertRefused(2, "--repeats must be at least 1, got 0", Cli.run("bench", "data", "--repeats", "0"));
        assertRefused(2, "--repeats must be at least 1, got -1", Cli.run("bench", "data", "--repeats", "-1"));
        Cli probe = Cli.run("bench", "probe", "--images", "2147483647");
        assertEquals(2, probe.status, probe.toString());
        assertTrue(probe.err.strip().matches("hebbkit: --images 2,147,483,647 needs 105553\\.12 GB for its float16 features"
                + " \\(2,147,483,647 x 24,576\\) and 8\\.59 GB of Java heap for its labels; this machine has [0-9.]+ GB of"
                + " memory and the JVM [0-9.]+ GB of heap: give fewer --images"), probe.err);
        Cli product = Cli.run("bench", "matmul", "--product", "100000,100000,100000");
        assertEquals(2, product.status, product.toString());
        assertTrue(product.err.strip().matches("hebbkit: --product 100000,100000,100000 needs 240\\.00 GB of float32"
                + " operands, result and copies; this machine has [0-9.]+ GB: give smaller sizes"), product.err);
    }

    @Test
    void picocliParseErrorsAreOneHebbkitLine() {
        assertRefused(2, "Unknown option: '--bogus'; 'hebbkit train --help' lists the options", Cli.run("train", "--bogus"));
        assertRefused(2, "Invalid value for option '--seed': 'abc' is not a long; 'hebbkit train --help' lists the options",
                Cli.run("train", "--seed", "abc"));
        assertRefused(2, "Missing required option: '--model=<model>'; 'hebbkit eval --help' lists the options",
                Cli.run("eval"));
        assertRefused(2, "Unmatched argument at index 0: 'trian' (did you mean train?); 'hebbkit --help' lists the options",
                Cli.run("trian"));
    }

    @Test
    void existingFilesAsStudyOrCompareFoldersAreRefused() throws IOException {
        Path file = Files.writeString(temp.resolve("notes.txt"), "a file");
        assertRefused(2, "--out " + file + " is an existing file, not a folder; give the study's folder (new, or one holding"
                + " the same study to resume)", Cli.run("sweep", "--preset", "softhebb-mnist-mlp", "--out", file.toString()));
        assertRefused(2, "--out " + file + " is an existing file, not a folder; choose a folder (new, or existing) for"
                + " compare.md and compare.json", Cli.run("compare", "--out", file.toString(), "--data", temp.toString()));
        assertRefused(2, "--data " + file + " is a file; give the folder holding the datasets (mnist/, cifar-10/, ...), or"
                + " leave --data out for the default", Cli.run("train", "--preset", "softhebb-mnist-mlp", "--data",
                file.toString()));
    }

    @Test
    void aBackwardsSeedRangeIsNamed() {
        assertRefused(2, "--seeds: the range '3-1' runs backwards; write the smaller seed first (1-3)", Cli.run("sweep",
                "--preset", "softhebb-mnist-mlp", "--out", temp.resolve("s").toString(), "--seeds", "3-1"));
        assertRefused(2, "--seeds: the range '-9-9223372036854775807' holds 9223372036854775817 seeds, more than 10,001; a"
                + " study of that many trials is not meant", Cli.run("sweep", "--preset", "softhebb-mnist-mlp", "--out",
                temp.resolve("s").toString(), "--seeds", "-9-9223372036854775807"));
    }

    @Test
    void presetFilesNameTheFileAndTheReason() throws IOException {
        String json = Cli.run("presets", "--json", "softhebb-mnist-mlp").out;
        Path cut = Files.writeString(temp.resolve("cut.json"), json.substring(0, json.length() / 2));
        Cli half = Cli.run("train", "--preset", cut.toString());
        assertEquals(2, half.status, half.toString());
        assertTrue(half.err.strip().matches("hebbkit: preset file " + java.util.regex.Pattern.quote(cut.toString())
                + ": not valid JSON: the text ends early \\(at line [0-9]+ column [0-9]+ path \\$[^)]*\\): is the file cut"
                + " off\\?"), half.err);
        Path empty = Files.writeString(temp.resolve("empty.json"), "");
        assertRefused(2, "preset file " + empty + ": it is empty; it should hold one JSON object, as 'hebbkit presets --json"
                + " NAME' prints", Cli.run("train", "--preset", empty.toString()));
        Path plain = Files.writeString(temp.resolve("plain.json"), "42");
        assertRefused(2, "preset file " + plain + ": not a JSON object: it holds the plain value 42; it should hold one"
                + " object {...}, as 'hebbkit presets --json NAME' prints", Cli.run("train", "--preset", plain.toString()));
        Path missing = temp.resolve("missing.json");
        assertRefused(2, "cannot read preset file " + missing + ": no such file (a preset is a name from 'hebbkit presets'"
                + " or a JSON file that exists)", Cli.run("train", "--preset", missing.toString()));
        assertRefused(2, "preset '" + temp + "' is a folder; give a preset name ('hebbkit presets' lists them) or a preset"
                + " JSON file", Cli.run("train", "--preset", temp.toString()));
        Path huge = Files.writeString(temp.resolve("huge.json"), json.replace("\"outChannels\": 2000",
                "\"outChannels\": 2147483648"));
        assertRefused(2, "preset file " + huge + ": blocks[0].outChannels: must be a whole number from -2147483648 to"
                + " 2147483647, got 2147483648", Cli.run("train", "--preset", huge.toString()));
    }

    @Test
    void aCheckpointWithANanReadoutIsRefusedOnLoad() throws IOException {
        Path model = temp.resolve("run").resolve("model");
        try (HebbianNetwork network = HebbianNetwork.create(Presets.get("softhebb-mnist-mlp"), Device.cpu(), 0)) {
            NDManager manager = network.manager().newSubManager();
            float[] weights = new float[10 * 2000];
            java.util.Arrays.fill(weights, Float.NaN);
            Checkpoint.save(model, network, new LinearReadout(manager, manager.create(weights, new Shape(10, 2000)),
                    manager.zeros(new Shape(10))), null);
        }
        assertRefused(1, "Checkpoint " + Checkpoint.weightsFile(model) + ": readout.weight holds 20,000 non-finite values"
                + " (20,000 NaN, 0 infinite) among its 20,000; a model with them predicts nothing meaningful, so it is not"
                + " loaded: train it again, or load an earlier checkpoint", Cli.run("eval", "--model",
                model.getParent().toString(), "--data", temp.toString()));
    }

    @Test
    void aModelOnDataOfAnotherShapeNamesBoth() throws IOException {
        Path data = TrainEvalRealRunTest.dataDirectory();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(data.resolve("cifar-10")), "no CIFAR-10 in " + data);
        Path model = temp.resolve("run").resolve("model");
        try (HebbianNetwork network = HebbianNetwork.create(Presets.get("softhebb-mnist-mlp"), Device.cpu(), 0)) {
            NDManager manager = network.manager().newSubManager();
            Checkpoint.save(model, network, new LinearReadout(manager, manager.zeros(new Shape(10, 2000)),
                    manager.zeros(new Shape(10))), null);
        }
        assertRefused(2, "this model was trained on mnist (1 x 28 x 28); the data is cifar-10 (3 x 32 x 32): evaluate it on"
                + " data of its shape, or train a model for cifar-10 ('hebbkit train --dataset cifar-10')",
                Cli.run("eval", "--model", model.getParent().toString(), "--dataset", "cifar10", "--data", data.toString(),
                        "--limit-test", "10"));
    }

    @Test
    void aBusyFolderNamesTheProcessHoldingIt() throws IOException {
        Path study = temp.resolve("study");
        try (RunFolderLock lock = RunFolderLock.acquire(study)) {
            assertRefused(1, "another HebbKit process (pid " + ProcessHandle.current().pid() + ", this process) is writing"
                    + " into " + study + "; wait for it to end (or stop it), or choose another folder. A folder has one"
                    + " writer at a time; its lock is released when that process ends, even when it is killed",
                    Cli.run("sweep", "--preset", "softhebb-mnist-mlp", "--out", study.toString(), "--data", temp.toString()));
        }
        try (Stream<Path> files = Files.list(study)) {
            assertEquals(List.of(study.resolve(RunFolderLock.FILE)), files.toList(), "the refused sweep wrote nothing");
        }
    }
}
