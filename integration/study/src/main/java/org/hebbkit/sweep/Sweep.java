package org.hebbkit.sweep;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.hebbkit.model.AtomicFiles;
import org.hebbkit.model.Configs;
import org.hebbkit.model.Provenance;
import org.hebbkit.report.StudyReport;
import org.hebbkit.run.TrainArguments;
import org.hebbkit.study.ConfigurationSummary;
import org.hebbkit.study.Halving;
import org.hebbkit.study.Parameter;
import org.hebbkit.study.Search;
import org.hebbkit.study.Study;
import org.hebbkit.study.StudyTables;
import org.hebbkit.study.Trial;
import org.hebbkit.study.TrialOptions;
import org.hebbkit.study.TrialResult;
import org.hebbkit.train.RunSpec;

/**
 * Runs a {@link Study} into a folder, resumably: {@code study.json} (the study), {@code trials/ID/} per trial
 * (its {@code preset.json}, {@code train.log} and everything {@code hebbkit train} writes, then {@code trial.json}
 * once complete), {@code results.csv} and {@code summary.csv} ({@link StudyTables}, rewritten as each trial ends)
 * and {@code report.html} ({@link StudyReport}).
 *
 * <p>Run again on the same folder, a sweep skips every complete trial, continues stopped ones with
 * {@code train --resume} and runs the rest (failed trials included); a different study there is refused with what
 * differs. Two writers on one folder at once are refused too ({@link org.hebbkit.model.RunFolderLock}, naming the
 * other process).
 *
 * <pre>{@code
 * List<TrialResult> results = Sweep.builder().setStudy(study).setOutput(Path.of("studies/lr"))
 *         .optEngine(new LocalEngine(2, List.of())).optThreads(1).build().run();
 * }</pre>
 */
public final class Sweep {

    /** The study's definition in its folder. */
    public static final String STUDY = "study.json";

    private final Study study;
    private final Path output;
    private final StudyEngine engine;
    private final SweepListener listener;
    private final Path data;
    private final String device;
    private final int threads;
    private final String command;
    /** What {@code report.html} shows, once {@link #run} has written it. */
    private StudyReport report;

    /** A sweep like {@code base} (engine, listener, data, device, threads) of another study into another folder. */
    private Sweep(Sweep base, Study study, Path output) {
        this.study = study;
        this.output = output;
        this.engine = base.engine;
        this.listener = base.listener;
        this.data = base.data;
        this.device = base.device;
        this.threads = base.threads;
        this.command = base.command;
    }

    private Sweep(Builder builder) {
        this.study = builder.study;
        this.output = builder.output;
        this.engine = builder.engine;
        this.listener = builder.listener;
        this.data = builder.data;
        this.device = builder.device;
        this.threads = builder.threads;
        this.command = builder.command;
    }

    /** A builder: the study and the output folder are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs every trial not yet complete and writes the tables and the report.
     *
     * @return every trial's result, in study order (those complete before this run included)
     * @throws IllegalArgumentException for a study whose paths or values a preset refuses (nothing runs)
     * @throws IllegalStateException when the folder holds another study or another sweep is running there
     */
    public List<TrialResult> run() throws IOException, InterruptedException {
        List<Trial> trials = study.trials();
        // one writer per study folder: another sweep (or train) there is refused, naming its process id
        try (org.hebbkit.model.RunFolderLock lock = org.hebbkit.model.RunFolderLock.acquire(output)) {
            requireSameStudy();
            return study.halving() == null ? runTrials(trials, evaluation(study.options())) : runRungs();
        }
    }

    /** What a study's trials are scored on: {@code validation} with {@code --validation N}, else {@code test}. */
    static String evaluation(TrialOptions options) {
        return options.validation() > 0 ? "validation" : "test";
    }

    /**
     * The study's report as {@link #run} last wrote it into {@code report.html} (with successive halving: the last
     * rung's), to show it elsewhere (a notebook); {@code null} before {@link #run} has ended.
     */
    public StudyReport report() {
        return report;
    }

    /** Runs every trial not yet complete, then writes the tables and the report. */
    private List<TrialResult> runTrials(List<Trial> trials, String evaluation) throws IOException, InterruptedException {
        Map<String, TrialResult> results = new LinkedHashMap<>();
        List<TrialTask> pending = new ArrayList<>();
        for (Trial trial : trials) {
            TrialTask task = task(trial);
            TrialResult done = task.completed();
            if (done == null) {
                done = task.endedWithoutMark();
            }
            if (done != null) {
                results.put(trial.id(), done);
            } else {
                pending.add(task);
            }
        }
        int total = trials.size();
        listener.studyStarted(new SweepEvents.StudyStarted(total, results.size(), engine.describe()));
        writeTables(trials, results, evaluation);
        List<TrialResult> ran = engine.run(pending, task -> {
            synchronized (results) {
                listener.trialStarted(new SweepEvents.TrialStarted(task.trial().id(), task.trial().configuration(),
                        task.trial().seed(), task.resumes()));
            }
        }, result -> {
            synchronized (results) {
                results.put(result.id(), result);
                writeTables(trials, results, evaluation);
                listener.trialFinished(new SweepEvents.TrialFinished(result, results.size(), total));
            }
        });
        // the engine's own results are the record: progress callbacks may come late or not at all (Spark's listener bus)
        synchronized (results) {
            ran.forEach(result -> results.put(result.id(), result));
            writeTables(trials, results, evaluation);
        }
        List<TrialResult> ordered = ordered(trials, results);
        if (ordered.size() != trials.size()) {
            throw new IllegalStateException("the " + engine.describe() + " engine returned " + ordered.size() + " of "
                    + trials.size() + " trial results; run the same command again to run the missing trials");
        }
        report = new StudyReport(StudyReport.titleOf(output), ordered, total,
                facts(List.of()), evaluation);
        report.write(output.resolve("report.html"));
        return ordered;
    }

    /**
     * Successive halving ({@link Halving}): each rung is a study of its own in {@code rungs/rung-R/} (resumable like
     * any), on the configurations the rung before kept; the last rung's tables and report are also the study's own;
     * {@code rungs.csv} lists every rung's configurations with their accuracy and whether they went on.
     */
    private List<TrialResult> runRungs() throws IOException, InterruptedException {
        Halving halving = study.halving();
        List<Integer> budgets = halving.budgets(Halving.fullBudget(study.options(), study.presets(), org.hebbkit.run.DataSplits::trainingImages));
        List<Integer> chosen = study.search().choose(study.gridSize());
        TrialOptions options = study.options();
        List<String> rungFacts = new ArrayList<>();
        StringBuilder table = new StringBuilder("rung,train_images,evaluated_on,configuration,mean_accuracy,std_accuracy,"
                + "seeds,kept\n");
        List<TrialResult> results = List.of();
        for (int rung = 0; rung < budgets.size(); rung++) {
            boolean top = rung == budgets.size() - 1;
            // the top rung is tested on the test set, unless the study is scored on validation (--validation N)
            String evaluation = top ? evaluation(options) : "validation";
            TrialOptions rungOptions = options.forRung(top ? options.limitTrain() : budgets.get(rung),
                    top ? options.validation() : halving.validation());
            Study rungStudy = new Study(study.presets(), study.seeds(), study.parameters(), new Search.Chosen(chosen),
                    rungOptions, null);
            listener.rungStarted(new SweepEvents.RungStarted(rung + 1, budgets.size(), chosen.size(), budgets.get(rung),
                    evaluation));
            Sweep sweep = new Sweep(this, rungStudy, output.resolve("rungs").resolve("rung-" + (rung + 1)));
            sweep.requireSameStudy();
            results = sweep.runTrials(rungStudy.trials(), evaluation);
            if (results.stream().anyMatch(result -> !result.complete())) {
                // no configuration goes on while a trial of its rung failed: the same command again retries them
                writeRungs(table);
                return results;
            }
            List<ConfigurationSummary> summaries = ConfigurationSummary.of(results);
            List<Integer> kept = top ? chosen : halving.keep(chosen, summaries);
            for (int i = 0; i < summaries.size(); i++) {
                ConfigurationSummary summary = summaries.get(i);
                table.append(String.format(Locale.ROOT, "%d,%d,%s,\"%s\",%s,%s,%d,%s%n", rung + 1, budgets.get(rung),
                        evaluation, summary.configuration().replace("\"", "\"\""), StudyTables.percent(summary.meanTestAccuracy()),
                        StudyTables.percent(summary.stdTestAccuracy()), summary.seeds(), kept.contains(chosen.get(i)) ? "yes" : "no"));
            }
            rungFacts.add(String.format(Locale.ROOT, "%d configuration%s x %d seed%s on %,d training images,"
                    + " scored on %s; %s", chosen.size(), chosen.size() == 1 ? "" : "s", study.seeds().size(),
                    study.seeds().size() == 1 ? "" : "s", budgets.get(rung), evaluation.equals("test") ? "the test set"
                    : "the last " + halving.validation() + " training images", top ? "final" : "kept " + kept.size()));
            chosen = kept;
        }
        writeRungs(table);
        writeTables(results, evaluation(options));
        report = new StudyReport(StudyReport.titleOf(output), results, results.size(),
                facts(rungFacts), evaluation(options));
        report.write(output.resolve("report.html"));
        return results;
    }

    /** The task of {@code trial}: its folder, its preset file (written now) and its {@code train} arguments. */
    private TrialTask task(Trial trial) throws IOException {
        // absolute: an engine may run the trial in another working directory (a Spark executor)
        Path directory = output.toAbsolutePath().normalize().resolve("trials").resolve(trial.id());
        Files.createDirectories(directory);
        Path presetFile = directory.resolve("preset.json");
        String json = Configs.toJson(trial.preset());
        if (!Files.isRegularFile(presetFile) || !Files.readString(presetFile, StandardCharsets.UTF_8).equals(json)) {
            AtomicFiles.write(presetFile, out -> out.write(json.getBytes(StandardCharsets.UTF_8)));
        }
        RunSpec spec = study.options().spec(trial.preset(), trial.seed(), device, threads);
        List<String> run = new ArrayList<>(List.of("--preset", presetFile.toString(), "--out", directory.toString()));
        run.addAll(TrainArguments.of(spec));
        List<String> engine = new ArrayList<>();
        if (data != null) {
            engine.addAll(List.of("--data", data.toAbsolutePath().normalize().toString()));
        }
        engine.addAll(TrainArguments.engine(spec));
        return new TrialTask(trial, directory, run, engine);
    }

    /**
     * Writes {@code study.json}, or checks that the one there is this study; this study with more seeds replaces it
     * ({@link Study#addsSeeds}): the trials already run stay, and the new seeds' trials run.
     */
    private void requireSameStudy() throws IOException {
        Path file = output.resolve(STUDY);
        JsonObject now = study.toJson();
        if (Files.isRegularFile(file)) {
            JsonObject before;
            try {
                before = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (RuntimeException e) {
                throw new IllegalStateException(file + " is damaged (" + e.getMessage() + "); choose another --out", e);
            }
            List<String> differences = Study.differences(before, now);
            if (!differences.isEmpty() && Study.addsSeeds(before, now)) {
                // more seeds for the same study: the trials already run stay, the new seeds' trials run
                writeStudy(file, now);
                return;
            }
            if (!differences.isEmpty()) {
                throw new IllegalStateException(output + " holds another study (" + String.join("; ", differences)
                        + "): run that study's own command there to resume it, or choose another --out for this one");
            }
            return;
        }
        writeStudy(file, now);
    }

    private static void writeStudy(Path file, JsonObject study) throws IOException {
        String text = new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(study);
        AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    private void writeRungs(StringBuilder table) throws IOException {
        String text = table.toString();
        AtomicFiles.write(output.resolve("rungs.csv"), out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    private void writeTables(List<Trial> trials, Map<String, TrialResult> results, String evaluation) {
        writeTables(ordered(trials, results), evaluation);
    }

    private void writeTables(List<TrialResult> ordered, String evaluation) {
        try {
            String resultTable = StudyTables.results(ordered, evaluation);
            String summaryTable = StudyTables.summary(ConfigurationSummary.of(ordered), evaluation);
            AtomicFiles.write(output.resolve("results.csv"), out -> out.write(resultTable.getBytes(StandardCharsets.UTF_8)));
            AtomicFiles.write(output.resolve("summary.csv"), out -> out.write(summaryTable.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the study's tables into " + output + ": " + e.getMessage(), e);
        }
    }

    private static List<TrialResult> ordered(List<Trial> trials, Map<String, TrialResult> results) {
        return trials.stream().map(trial -> results.get(trial.id())).filter(Objects::nonNull).toList();
    }

    private Map<String, String> facts(List<String> rungs) {
        Map<String, String> facts = new LinkedHashMap<>();
        if (command != null) {
            facts.put("command", command);
        }
        facts.put("presets", study.presets().stream().map(org.hebbkit.model.Preset::name).collect(Collectors.joining(", ")));
        facts.put("seeds", study.seeds().toString());
        facts.put("parameters", study.parameters().isEmpty() ? "(none)" : study.parameters().stream()
                .map(p -> p.path() + " = " + p.values().stream().map(Parameter::text).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; ")));
        facts.put("search", study.search().text());
        for (int i = 0; i < rungs.size(); i++) {
            facts.put("halving rung " + (i + 1), rungs.get(i));
        }
        facts.put("options", Configs.toTree(study.options()).toString());
        facts.put("engine", engine.describe() + ", " + (threads == 0 ? "all cores" : threads + " engine thread"
                + (threads == 1 ? "" : "s")) + " per trial, device " + device);
        facts.put("output", output.toAbsolutePath().normalize().toString());
        Provenance.Machine machine = Provenance.Machine.current();
        facts.put("machine", String.format(Locale.ROOT, "%s, %d cores, %.1f GiB, %s", machine.cpu(), machine.cores(),
                machine.memoryBytes() / (1024.0 * 1024 * 1024), machine.os()));
        return facts;
    }

    /** Builds a {@link Sweep}: {@code setX} for what is required, {@code optX} for what has a default. */
    public static final class Builder {
        private Study study;
        private Path output;
        private StudyEngine engine = new LocalEngine(1, List.of());
        private SweepListener listener = new SweepListener() {};
        private Path data;
        private String device = "cpu";
        private int threads;
        private String command;

        private Builder() {}

        /** The study (required). */
        public Builder setStudy(Study study) {
            this.study = Objects.requireNonNull(study, "study");
            return this;
        }

        /** The study's folder (required): new, or one that holds the same study to resume. */
        public Builder setOutput(Path output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        /** The engine (default: one local worker process). */
        public Builder optEngine(StudyEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /** Receives the study's events (default: none). */
        public Builder optListener(SweepListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The data directory each trial reads (default: the trials' own default, {@code $HEBBKIT_DATA} and so on). */
        public Builder optData(Path data) {
            this.data = data;
            return this;
        }

        /** Each trial's device: cpu, gpu, gpu:N or auto (default cpu). */
        public Builder optDevice(String device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /** Engine threads per trial (default 0: one per core). */
        public Builder optThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be at least 0 (0: one per core), got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** The command that made the study, shown in its report (default: none). */
        public Builder optCommand(String command) {
            this.command = command;
            return this;
        }

        /** The sweep. */
        public Sweep build() {
            if (study == null || output == null) {
                throw new IllegalArgumentException("a sweep needs setStudy(...) and setOutput(...)");
            }
            return new Sweep(this);
        }
    }
}
