package org.hebbkit.run;

import ai.djl.Device;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hebbkit.datasets.ImageSplit;
import org.hebbkit.datasets.Split;
import org.hebbkit.model.AtomicFiles;
import org.hebbkit.model.Checkpoint;
import org.hebbkit.model.Configs;
import org.hebbkit.model.Devices;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.model.Preset;
import org.hebbkit.model.Presets;
import org.hebbkit.model.Provenance;
import org.hebbkit.model.RunFolderLock;
import org.hebbkit.model.TrainingMode;
import org.hebbkit.report.RunReport;
import org.hebbkit.report.UnitGrids;
import org.hebbkit.train.LayerMetrics;
import org.hebbkit.train.PresetRun;
import org.hebbkit.train.RunSpec;
import org.hebbkit.train.ProgressBarListener;
import org.hebbkit.train.TrainingEvents;
import org.hebbkit.model.TrainingMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hebbkit train}: runs a preset end to end and writes {@code run.json}, the checkpoint
 * ({@code model/}), {@code filters-layer1.png} and {@code receptive-fields-layerL.png} for conv layers
 * {@code L >= 2} ({@link ReceptiveFieldImage}) and {@code report.html} (one self-contained page: charts,
 * pictures, tables; {@link RunReport}; not with {@code --validation}) into the output directory. The last line printed is
 * {@code test accuracy: NN.NN%} (with {@code --validation}: {@code validation accuracy: ...}, and run.json holds
 * {@code validation_accuracy} in place of {@code test_accuracy}).
 */
@Command(name = "train", description = "Train a preset: Hebbian blocks without labels, then the readout; test.")
public final class TrainCommand implements Callable<Integer> {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--preset",
            description = "Preset name (see 'hebbkit presets') or a preset JSON file (start from 'hebbkit presets --json NAME').")
    private String presetName;

    @Option(names = "--resume", paramLabel = "OUT", description = "Continue a run that was killed, from its output directory"
            + " (settings from OUT/resume/command.json; --data, --threads and --device may differ).")
    private Path resume;

    /** The directory under the output where progress is saved after every epoch; removed once the run has ended. */
    public static final String RESUME_DIRECTORY = "resume";
    private static final String COMMAND = "command.json";

    @CommandLine.Mixin
    private RunOptions run;

    @Option(names = "--overwrite", description = "When --out holds a finished run, move it aside first, to OUT.old-TIMESTAMP"
            + " beside it (nothing is deleted), and run in OUT (default: a finished run is never replaced).")
    private boolean overwrite;

    @Option(names = "--dataset", completionCandidates = DatasetNames.class, description = "Run the preset on another"
            + " dataset: ${COMPLETION-CANDIDATES} (or an alias; input channels and size adapted; default: the preset's).")
    private String datasetName;

    @Option(names = "--download", description = "Download missing dataset files into the data directory.")
    private boolean download;

    @Option(names = "--mode", description = "Hebbian training mode: successive, consecutive or simultaneous (default: the preset's).")
    private String mode;

    @Option(names = "--readout", description = "probe (the preset's linear probe) or ridge (closed form); default: the preset's.")
    private String readout;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu, gpu:N or auto (default ${DEFAULT-VALUE}).")
    private String deviceName;

    @Option(names = "--validation", defaultValue = "0", paramLabel = "N", description = "Evaluate on the last N training"
            + " images instead of the test set (they are left out of training; with --limit-train L, training takes the"
            + " first L). run.json then holds validation_accuracy; the test set is not read.")
    @Range(min = 0)
    private int validation;

    @Option(names = "--hebbian-data", paramLabel = "SPLIT", description = "Images the Hebbian blocks learn from: train"
            + " (the labelled training images) or unlabeled (the dataset's unlabeled split: STL-10's 100,000 images, read"
            + " from disk in chunks); the readout always learns from the labelled ones (default: the preset's"
            + " unsupervised.data, else train).")
    private String hebbianData;

    @Option(names = "--limit-hebbian", defaultValue = "0", paramLabel = "N", description = "With --hebbian-data unlabeled:"
            + " learn from the first N unlabeled images only, N at least 1 (default: every one).")
    @Range(min = 1, instead = "leave --limit-hebbian out to learn from every unlabeled image")
    private int limitHebbian;

    @Option(names = "--augmented-copies", paramLabel = "N", description = "For presets that augment the readout's training"
            + " images (probe.augmentation): how many augmented copies of each go into the feature cache, 0 for none"
            + " (default: the preset's; each copy costs the training features' memory again).")
    @Range(min = 0)
    private Integer augmentedCopies;

    @Option(names = "--hebbian-epochs", paramLabel = "N", description = "Override the Hebbian epochs (unsupervised.epochs:"
            + " per block in successive mode, else in all), N at least 1.")
    @Range(min = 1)
    private Integer hebbianEpochs;

    @Option(names = "--recompute-lower-blocks", description = "Run the frozen lower blocks again for every batch of every"
            + " later stage and for the training features, in float32 throughout (default: in successive mode their output"
            + " is computed once per stage and kept in float16; docs/performance.md).")
    private boolean recomputeLowerBlocks;

    @CommandLine.Mixin
    private FormulationOptions formulation;

    /** What the Hebbian blocks and the readout learnt from, for run.json ({@code null}: the training images, as they are). */
    private String hebbianImagesNote;
    private String readoutImagesNote;

    /** The run: from the options, or the run resumed. */
    private RunSpec runSpec;

    @Override
    public Integer call() throws IOException {
        // the run's kernel is the run's, on this thread: an in-process caller (a test, a notebook) gets its own back
        try (org.hebbkit.engine.MatMul.Scope kernel = org.hebbkit.engine.MatMul.use(org.hebbkit.engine.MatMul.kernel())) {
            return train(kernel);
        }
    }

    private Integer train(org.hebbkit.engine.MatMul.Scope kernel) throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        Arguments.check(spec, () -> EngineThreads.configure(run.threads));
        Arguments.check(spec, () -> DataSplits.requireDataFolder(run.data));
        runSpec = resume == null ? runSpec() : readResumedCommand();
        kernel.choose(runSpec.compute().matmul()); // the option's (else the thread's), or the resumed run's
        Preset preset = runSpec.recipe();
        Preset.Readout readoutKind = runSpec.readout();
        TrainingMode trainingMode = runSpec.mode();
        if (run.out != null && Files.exists(run.out) && !Files.isDirectory(run.out)) {
            throw new Arguments.BadArgument(spec, "--out " + run.out + " is an existing file,"
                    + " not a directory; choose a directory (new, or existing) for the run's outputs");
        }
        Device device = Arguments.check(spec, () -> Devices.parse(runSpec.compute().device()));
        Path output = run.out != null ? run.out : Path.of("runs", preset.name() + "-seed" + runSpec.seed() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        String dataset = Arguments.check(spec, () -> DataSplits.canonicalName(runSpec.dataset()));
        Path progress = output.resolve(RESUME_DIRECTORY);
        // one writer per run folder, before anything is written there (a second 'train' is refused with our pid)
        try (RunFolderLock lock = lock(output)) {
            return train(preset, readoutKind, trainingMode, device, output, dataset, progress, console);
        }
    }

    /**
     * The run the options describe, checked in one place ({@link RunSpec}); the formulation as it will run: the
     * options' choices, else {@code train}'s default algorithm and the thread's kernel.
     */
    RunSpec runSpec() {
        if (presetName == null) {
            throw new Arguments.BadArgument(spec, "Missing required option: '--preset=<presetName>' (or --resume OUT)");
        }
        Preset preset = Arguments.check(spec, () -> Presets.resolve(presetName));
        if (datasetName != null) {
            Arguments.check(spec, () -> DataSplits.canonicalName(datasetName));
        }
        run.checkLimits(spec.commandLine());
        TrainingMode trainingMode = mode == null ? null : Arguments.check(spec, () -> TrainingMode.parse(mode));
        Preset.Readout readoutKind = readout == null ? null : Arguments.check(spec, () -> Preset.Readout.parse(readout));
        Preset.HebbianImages images = null;
        if (hebbianData != null) {
            images = java.util.Arrays.stream(Preset.HebbianImages.values())
                    .filter(value -> RunSpec.lower(value).equals(hebbianData)).findFirst()
                    .orElseThrow(() -> new Arguments.BadArgument(spec, "--hebbian-data must be train or unlabeled, got '"
                            + hebbianData + "'"));
        }
        RunSpec.Builder builder = RunSpec.builder().setPreset(preset).optSeed(run.seed).optDataset(datasetName)
                .optLimitTrain(run.limitTrain).optLimitTest(run.limitTest).optValidation(validation)
                .optHebbianImages(images).optLimitHebbian(limitHebbian).optAugmentedCopies(augmentedCopies)
                .optMode(trainingMode).optReadout(readoutKind).optProbeEpochs(run.probeEpochs).optHebbianEpochs(hebbianEpochs)
                .optDevice(deviceName).optThreads(run.threads).optConvAlgorithm(formulation.convAlgorithmOrDefault())
                .optMatMul(formulation.matmul != null ? formulation.matmul : org.hebbkit.engine.MatMul.kernel())
                .optRecomputeLowerBlocks(recomputeLowerBlocks);
        return Arguments.check(spec, builder::build);
    }

    private Integer train(Preset preset, Preset.Readout readoutKind, TrainingMode trainingMode, Device device,
            Path output, String dataset, Path progress, PrintWriter console) throws IOException {
        if (resume == null && org.hebbkit.train.RunCheckpoints.exists(progress)) {
            throw new Arguments.BadArgument(spec, output + " holds the progress of a run that did not end ("
                    + org.hebbkit.train.RunCheckpoints.describe(progress) + "): continue it with 'hebbkit train --resume "
                    + output + "', or delete " + progress + " to start again there");
        }
        if (resume == null) {
            keepFinishedRun(output);
        }
        requireWritable(output);
        if (resume == null) {
            writeJson(command(runSpec), progress.resolve(COMMAND));
        } else {
            console.printf("resuming %s %s%n", output, org.hebbkit.train.RunCheckpoints.exists(progress)
                    ? org.hebbkit.train.RunCheckpoints.describe(progress) : "from the start (it was killed before its first epoch ended)");
        }

        long loadStart = System.nanoTime();
        ImageSplit train;
        ImageSplit test;
        RunSpec.Data data = runSpec.data();
        if (runSpec.validates()) {
            ImageSplit all = DataSplits.load(dataset, Split.TRAIN, run.data, download, 0);
            int trainImages = Arguments.check(spec, () -> DataSplits.imagesBesideValidation(data.validation(),
                    data.limitTrain(), all.size(), dataset));
            test = org.hebbkit.datasets.transform.Subsets.lastN(all, data.validation());
            train = org.hebbkit.datasets.transform.Subsets.firstN(all, trainImages);
        } else {
            train = DataSplits.load(dataset, Split.TRAIN, run.data, download, data.limitTrain());
            test = DataSplits.load(dataset, Split.TEST, run.data, download, data.limitTest());
        }
        org.hebbkit.datasets.ImageSource unlabeled = null;
        if (runSpec.hebbianImages() == Preset.HebbianImages.UNLABELED) {
            String from = dataset;
            unlabeled = Arguments.check(spec, () -> {
                try {
                    return DataSplits.source(from, Split.UNLABELED, run.data, download);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        ImageSplit readoutTrain = DataSplits.readoutImages(preset, train, runSpec.seed(), data.augmentedCopies());
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        try (org.hebbkit.datasets.ImageSource hebbianImages = unlabeled) {
            return train(preset, readoutKind, trainingMode, device, output, dataset, console, train, test, readoutTrain,
                    hebbianImages, loadSeconds);
        }
    }

    private Integer train(Preset preset, Preset.Readout readoutKind, TrainingMode trainingMode, Device device,
            Path output, String dataset, PrintWriter console, ImageSplit train, ImageSplit test, ImageSplit readoutTrain,
            org.hebbkit.datasets.ImageSource unlabeled, double loadSeconds) throws IOException {
        Path progress = output.resolve(RESUME_DIRECTORY);
        if (runSpec.data().dataset() != null) {
            Preset original = preset;
            preset = Arguments.check(spec,
                    () -> Presets.forDataset(original, dataset, train.channels(), train.height(), train.width()));
        }
        Preset checked = preset;
        Arguments.check(spec, () -> DataSplits.requireShape(checked, "preset " + checked.name() + " is for", dataset, train,
                "give --dataset " + DataSplits.canonicalName(dataset) + " to adapt its input, or set its input to the data's"));
        console.printf(Locale.ROOT, "%s: %,d training and %,d test images (loaded in %.2f s), %s, mode %s%n",
                preset.name(), train.size(), test.size(), loadSeconds, Devices.describe(runSpec.compute().device(), device),
                trainingMode.name().toLowerCase(Locale.ROOT));
        org.hebbkit.train.LabelledImages readoutImages = DataSplits.adapt(readoutTrain);
        org.hebbkit.train.LabelledImages hebbianImages = unlabeled == null ? readoutTrain == train ? readoutImages
                : DataSplits.adapt(train) : DataSplits.adapt(unlabeled, runSpec.data().limitHebbian());
        if (unlabeled != null || readoutTrain != train) {
            console.printf(Locale.ROOT, "Hebbian blocks learn from %,d %s images (%s); the readout from %,d%s%n",
                    hebbianImages.size(), unlabeled != null ? "unlabeled" : "training", unlabeled != null
                            ? "read from disk batch by batch" : "as they are", readoutImages.size(), readoutTrain != train
                            ? " (" + readoutImages.size() / train.size() + " augmented copies of each training image, "
                            + ProcessMemory.bytes((long) readoutTrain.size() * readoutTrain.imageBytes()) + " as bytes)" : "");
        }
        hebbianImagesNote = unlabeled != null ? String.format(Locale.ROOT, "%,d unlabeled images of %s, read from disk batch"
                + " by batch", hebbianImages.size(), unlabeled.name()) : null;
        readoutImagesNote = readoutTrain != train ? String.format(Locale.ROOT, "%,d: %d augmented copies (%s) of each"
                + " training image", readoutImages.size(), readoutImages.size() / train.size(),
                preset.probe().augmentation().kind()) : null;
        long cacheBytes = DataSplits.featureCacheBytes(preset, readoutImages.size(), test.size());
        long physical = ProcessMemory.physicalBytes();
        console.printf(Locale.ROOT, "feature caches: (%,d + %,d images) x %,d features x 2 bytes = %s%s%n",
                readoutImages.size(), test.size(), org.hebbkit.model.HebbianNetwork.featureShape(preset).size(),
                ProcessMemory.bytes(cacheBytes), physical > 0 ? " of this machine's " + ProcessMemory.bytes(physical) : "");
        if (readoutKind == Preset.Readout.PROBE && physical > 0 && cacheBytes > physical * 0.9) {
            throw new Arguments.BadArgument(spec, String.format(Locale.ROOT, "the feature caches would take %s, more than"
                    + " this machine's %s of memory: give --limit-train and --limit-test%s", ProcessMemory.bytes(cacheBytes),
                    ProcessMemory.bytes(physical), readoutTrain != train ? ", or fewer --augmented-copies" : ""));
        }

        long start = System.nanoTime();
        PresetRun.Result result;
        try {
            result = PresetRun.builder().setPreset(preset).optSeed(runSpec.seed()).optDevice(device)
                    .optMode(trainingMode).optReadout(readoutKind).optListener(new ProgressBarListener())
                    .optCheckpoints(progress).optKeepBlockInputs(!runSpec.compute().recomputeLowerBlocks())
                    .optConvAlgorithm(runSpec.compute().convAlgorithmOrDefault()).build()
                    .run(hebbianImages, readoutImages, DataSplits.adapt(test));
        } catch (org.hebbkit.train.TrainingDiverged e) {
            String kept = org.hebbkit.train.RunCheckpoints.exists(progress)
                    ? " The last good state (" + org.hebbkit.train.RunCheckpoints.describe(progress) + ") is kept in " + progress + "."
                    : "";
            throw new IllegalStateException(e.getMessage() + kept, e);
        }
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        List<String> written = new ArrayList<>(List.of("run.json", "model/"));
        try (HebbianNetwork network = result.network()) {
            JsonObject record = runRecord(preset, trainingMode, readoutKind, result, train, test, loadSeconds, totalSeconds);
            // model.json: the record as metadata, beside the provenance Checkpoint writes itself
            Checkpoint.save(output.resolve("model"), network, result.readout(), record);
            Provenance provenance = Provenance.current(network.manager().getEngine());
            record.add("provenance", provenance.toJson());
            writeJson(record, output.resolve("run.json"));
            UnitGrids grids = drawPictures(network);
            written.addAll(pictures(grids, output));
            Map<String, String> settings = settings(dataset, train, test, loadSeconds);
            // the report's headline is the test accuracy: a run evaluated on validation images has none
            if (!runSpec.validates() && report(preset, result, totalSeconds, settings, grids, provenance, output.resolve("report.html"))) {
                written.add("report.html");
            }
        }
        // ended: the model and run.json are written, the saved progress goes
        deleteRecursively(progress);
        console.print(stageBreakdown(result.history().stages(), loadSeconds, totalSeconds));
        console.printf(Locale.ROOT, "train accuracy: %.2f%%, wall time %.1f s, peak resident memory %s%n",
                result.trainAccuracy() * 100, totalSeconds, ProcessMemory.bytes(ProcessMemory.peakResidentBytes()));
        console.printf("wrote %s (%s)%n", output, String.join(", ", written));
        if (runSpec.validates()) {
            console.printf(Locale.ROOT, "validation accuracy: %.2f%% (the last %,d training images; the test set was not"
                    + " used)%n", result.testAccuracy() * 100, runSpec.data().validation());
        } else {
            console.printf(Locale.ROOT, "test accuracy: %.2f%%%n", result.testAccuracy() * 100);
        }
        return 0;
    }

    /**
     * Where the run's time went, one line a stage (also in {@code run.json}'s {@code timings}): seconds, images per
     * second, share of the wall time; then loading the data and what no stage covers (saving progress, evaluating
     * between epochs, writing the model). A stage continued after {@code --resume} counts its resumed part only.
     */
    public static String stageBreakdown(Map<String, TrainingEvents.StageFinished> stages, double loadSeconds,
            double totalSeconds) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-34s %9s %12s %7s%n", "stages:", "seconds",
                "images/s", "share"));
        double covered = 0;
        for (Map.Entry<String, TrainingEvents.StageFinished> stage : stages.entrySet()) {
            double seconds = stage.getValue().seconds();
            covered += seconds;
            table.append(String.format(Locale.ROOT, "  %-32s %9.1f %12.1f %6.1f%%%n", stage.getKey(), seconds,
                    stage.getValue().imagesPerSecond(), 100 * seconds / totalSeconds));
        }
        table.append(String.format(Locale.ROOT, "  %-32s %9.1f %12s%n", "loading the data (before the run)", loadSeconds, ""));
        double other = Math.max(0, totalSeconds - covered);
        table.append(String.format(Locale.ROOT, "  %-32s %9.1f %12s %6.1f%%%n", "between and after the stages", other, "",
                100 * other / totalSeconds));
        return table.toString();
    }

    /**
     * What {@code --resume} needs to run the same command again: the run ({@link RunSpec}, as {@link Configs} writes
     * it) and the data folder.
     */
    private JsonObject command(RunSpec runSpec) {
        JsonObject command = new JsonObject();
        command.add("run", Configs.toTree(runSpec));
        command.addProperty("data", run.data == null ? null : run.data.toAbsolutePath().toString());
        return command;
    }

    /**
     * Reads OUT/resume/command.json: the run as it was given, with this command's device and threads (only they and
     * {@code --data} may be given).
     */
    private RunSpec readResumedCommand() {
        var parsed = spec.commandLine().getParseResult();
        for (String option : List.of("--preset", "--seed", "--mode", "--readout", "--dataset", "--limit-train",
                "--limit-test", "--probe-epochs", "--hebbian-epochs", "--out", "--overwrite", "--validation",
                "--recompute-lower-blocks", "--conv-algorithm", "--matmul", "--hebbian-data", "--limit-hebbian",
                "--augmented-copies")) {
            if (parsed.hasMatchedOption(option)) {
                throw new Arguments.BadArgument(spec, "--resume takes the run's settings from " + resume.resolve(RESUME_DIRECTORY)
                        .resolve(COMMAND) + "; drop " + option + " (only --data, --threads and --device may be given)");
            }
        }
        Path file = resume.resolve(RESUME_DIRECTORY).resolve(COMMAND);
        if (!Files.isRegularFile(file)) {
            throw new Arguments.BadArgument(spec, resume + " has no saved progress to continue (no " + file + "): it was not"
                    + " written by 'hebbkit train', or its run ended (then " + resume.resolve("run.json") + " holds the result)");
        }
        JsonObject command;
        RunSpec resumed;
        try {
            command = GSON.fromJson(Files.readString(file), JsonObject.class);
            resumed = command.has("run") ? Configs.fromTree(command.get("run"), RunSpec.class) : ResumedCommand.read(command);
            resumed = Configs.with(Configs.with(resumed, "compute.device", deviceName), "compute.threads", run.threads);
        } catch (IOException | RuntimeException e) {
            throw new Arguments.BadArgument(spec, "cannot read " + file + ": " + e.getMessage(), e);
        }
        if (run.data == null && optionalString(command, "data") != null) {
            run.data = Path.of(optionalString(command, "data"));
        }
        run.out = resume;
        return resumed;
    }

    /** Creates the output directory and locks it ({@link RunFolderLock}); a folder that cannot be written is refused. */
    private RunFolderLock lock(Path output) {
        try {
            return RunFolderLock.acquire(output);
        } catch (IOException | UnsupportedOperationException e) {
            throw unwritable(output, e);
        }
    }

    /** Checks that a file can be written in the output directory, before any work is done. */
    private void requireWritable(Path output) {
        try {
            Files.delete(Files.createTempFile(output, ".hebbkit-write-check", ".tmp"));
        } catch (IOException | UnsupportedOperationException e) {
            throw unwritable(output, e);
        }
    }

    private Arguments.BadArgument unwritable(Path output, Exception e) {
        String reason = e instanceof java.nio.file.FileSystemException files && files.getReason() != null
                ? files.getReason() : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new Arguments.BadArgument(spec, "cannot write the run's outputs into " + output + " (" + reason + "); "
                + (resume == null ? "choose a directory you can write with --out"
                        : "--resume continues a run in its own folder: make it writable (e.g. chmod -R u+w " + output
                                + ") and run the same command again"), e);
    }

    /**
     * A finished run in the output directory ({@code run.json} or {@code model/}) is never replaced: refused, or with
     * {@code --overwrite} moved aside, whole, to a new folder beside it ({@link #movedAside}).
     */
    private void keepFinishedRun(Path output) throws IOException {
        List<String> finished = new ArrayList<>();
        for (String name : List.of("run.json", "model", "report.html")) {
            if (Files.exists(output.resolve(name))) {
                finished.add(Files.isDirectory(output.resolve(name)) ? name + "/" : name);
            }
        }
        if (!finished.contains("run.json") && !finished.contains("model/")) {
            return;
        }
        Path aside = movedAside(output);
        if (!overwrite) {
            throw new Arguments.BadArgument(spec, "--out " + output + " holds a finished run (" + String.join(", ", finished)
                    + summary(output.resolve("run.json")) + "), which is never overwritten: choose another --out, or add"
                    + " --overwrite to move it aside to " + aside + " (nothing is deleted) and run in " + output);
        }
        Files.createDirectories(aside);
        try (java.util.stream.Stream<Path> entries = Files.list(output)) {
            for (Path entry : entries.toList()) {
                if (!entry.getFileName().toString().equals(RunFolderLock.FILE)) {
                    Files.move(entry, aside.resolve(entry.getFileName()));
                }
            }
        }
        spec.commandLine().getOut().printf("moved the finished run in %s aside to %s (--overwrite)%n", output, aside);
    }

    /** {@code OUT.old-yyyyMMdd-HHmmss} beside OUT, with {@code -2}, {@code -3}, ... when taken. */
    private static Path movedAside(Path output) {
        Path absolute = output.toAbsolutePath().normalize();
        String name = absolute.getFileName() + ".old-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path aside = absolute.resolveSibling(name);
        for (int n = 2; Files.exists(aside); n++) {
            aside = absolute.resolveSibling(name + "-" + n);
        }
        return aside;
    }

    /** ": PRESET, seed S, test accuracy A %" from a run.json, or nothing when it cannot be read. */
    private static String summary(Path runJson) {
        try {
            JsonObject record = GSON.fromJson(Files.readString(runJson), JsonObject.class);
            String accuracy = record.has("test_accuracy") ? "test accuracy" : "validation accuracy";
            String key = record.has("test_accuracy") ? "test_accuracy" : "validation_accuracy";
            return String.format(Locale.ROOT, ": %s, seed %d, %s %.2f%%", record.get("preset").getAsString(),
                    record.get("seed").getAsLong(), accuracy, record.get(key).getAsDouble() * 100);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String optionalString(JsonObject object, String member) {
        return object.has(member) && !object.get(member).isJsonNull() ? object.get(member).getAsString() : null;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private JsonObject runRecord(Preset preset, TrainingMode trainingMode, Preset.Readout readoutKind,
            PresetRun.Result result, ImageSplit train, ImageSplit test, double loadSeconds, double totalSeconds) {
        JsonObject record = new JsonObject();
        record.addProperty("preset", preset.name());
        record.add("recipe", Configs.toTree(preset));
        record.add("run", Configs.toTree(runSpec));
        JsonObject config = new JsonObject();
        config.addProperty("seed", runSpec.seed());
        config.addProperty("mode", RunSpec.lower(trainingMode));
        config.addProperty("readout", RunSpec.lower(readoutKind));
        config.addProperty("device", runSpec.compute().device());
        config.addProperty("threads", runSpec.compute().threads());
        config.addProperty("train_images", train.size());
        config.addProperty("test_images", test.size());
        if (hebbianImagesNote != null) {
            config.addProperty("hebbian_images", hebbianImagesNote);
        }
        if (readoutImagesNote != null) {
            config.addProperty("readout_images", readoutImagesNote);
        }
        config.addProperty("evaluated_on", runSpec.evaluatedOn());
        config.addProperty("data", run.data == null ? null : run.data.toString());
        config.addProperty("lower_blocks", runSpec.compute().recomputeLowerBlocks() ? "recomputed for every batch"
                : "computed once, kept in float16");
        config.addProperty("conv_algorithm", RunSpec.lower(runSpec.compute().convAlgorithmOrDefault()));
        config.addProperty("matmul", org.hebbkit.engine.MatMul.kernel().name().toLowerCase(Locale.ROOT));
        record.add("config", config);
        record.addProperty("seed", runSpec.seed());
        JsonArray epochs = new JsonArray();
        for (TrainingEvents.EpochFinished event : result.history().epochs()) {
            JsonObject epoch = new JsonObject();
            epoch.addProperty("stage", event.stage());
            epoch.addProperty("epoch", event.epoch());
            event.scalars().forEach(epoch::addProperty);
            JsonArray layers = new JsonArray();
            event.layers().forEach(layer -> layers.add(layerJson(layer)));
            epoch.add("layers", layers);
            epochs.add(epoch);
        }
        record.add("epochs", epochs);
        JsonObject timings = new JsonObject();
        timings.addProperty("load_data_seconds", loadSeconds);
        for (Map.Entry<String, TrainingEvents.StageFinished> stage : result.history().stages().entrySet()) {
            JsonObject timing = new JsonObject();
            timing.addProperty("seconds", stage.getValue().seconds());
            timing.addProperty("images_per_second", stage.getValue().imagesPerSecond());
            timings.add(stage.getKey(), timing);
        }
        timings.addProperty("total_seconds", totalSeconds);
        record.add("timings", timings);
        record.addProperty("peak_resident_bytes", ProcessMemory.peakResidentBytes());
        record.addProperty("feature_cache_bytes", result.featureCacheBytes());
        JsonArray layers = new JsonArray();
        result.layers().forEach(layer -> layers.add(layerJson(layer)));
        record.add("layers", layers);
        record.addProperty("train_accuracy", result.trainAccuracy());
        record.addProperty(runSpec.validates() ? "validation_accuracy" : "test_accuracy", result.testAccuracy());
        return record;
    }

    private static JsonObject layerJson(LayerMetrics layer) {
        JsonObject json = new JsonObject();
        json.addProperty("layer", layer.layer() + 1);
        json.addProperty("mean_radius", layer.meanRadius());
        json.addProperty("radius_std", layer.radiusStd());
        json.addProperty("fraction_converged", layer.fractionConverged());
        json.addProperty("unit_convergence", layer.unitConvergence());
        json.addProperty("lebesgue_power", layer.lebesguePower());
        json.addProperty("mean_learning_rate", layer.meanLearningRate());
        json.addProperty("win_entropy_bits", layer.winEntropyBits());
        JsonArray wins = new JsonArray();
        for (double fraction : layer.winFractions()) {
            wins.add(fraction);
        }
        json.add("win_fractions", wins);
        return json;
    }

    /** Draws the unit pictures; a failure is a warning (the run is saved) and gives none. */
    private UnitGrids drawPictures(HebbianNetwork network) {
        try {
            return UnitGrids.of(network);
        } catch (RuntimeException e) {
            warn("its pictures were not drawn", e);
            return new UnitGrids(null, Map.of());
        }
    }

    /** Writes the filter and receptive-field pictures; a failure is a warning, never a lost run. */
    private List<String> pictures(UnitGrids grids, Path output) {
        try {
            return ReceptiveFieldImage.writeAll(grids, output);
        } catch (IOException | RuntimeException e) {
            warn("its pictures were not written", e);
            return List.of();
        }
    }

    /**
     * Writes {@code report.html}; a failure is a warning, never a lost run.
     *
     * @return whether the report was written
     */
    private boolean report(Preset preset, PresetRun.Result result, double seconds, Map<String, String> settings,
            UnitGrids grids, Provenance provenance, Path target) {
        try {
            RunReport.of(preset, result, seconds, settings, grids.getAll(), RunReport.provenance(provenance, commandLine()))
                    .write(target);
            return true;
        } catch (IOException | RuntimeException | LinkageError e) {
            warn("its report was not written", e);
            return false;
        }
    }

    private void warn(String what, Throwable e) {
        spec.commandLine().getErr().println("hebbkit: warning: the run is saved, but " + what + ": "
                + (e.getMessage() != null ? e.getMessage() : e.toString()));
    }

    /** The run's settings as the report shows them, in order. */
    private Map<String, String> settings(String dataset,
            ImageSplit train, ImageSplit test, double loadSeconds) {
        Map<String, String> settings = RunReport.settings(runSpec, dataset, train.size(), test.size());
        settings.put("data loaded in", String.format(Locale.ROOT, "%.2f s", loadSeconds));
        settings.put("peak resident memory", ProcessMemory.bytes(ProcessMemory.peakResidentBytes()));
        return settings;
    }

    /** The command as typed, arguments quoted for a POSIX shell where they need it. */
    private String commandLine() {
        StringBuilder line = new StringBuilder("hebbkit");
        for (String argument : spec.commandLine().getParseResult().originalArgs()) {
            line.append(' ').append(argument.matches("[A-Za-z0-9_./:=,+@%-]+") ? argument
                    : "'" + argument.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }

    public static void writeJson(JsonObject json, Path target) throws IOException {
        AtomicFiles.write(target, out -> out.write(GSON.toJson(json).getBytes(StandardCharsets.UTF_8)));
    }
}
