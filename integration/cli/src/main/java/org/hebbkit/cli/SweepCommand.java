package org.hebbkit.cli;

import org.hebbkit.run.Range;
import org.hebbkit.run.Arguments;
import org.hebbkit.run.DataOptions;
import org.hebbkit.run.DataSplits;
import org.hebbkit.run.DatasetNames;
import org.hebbkit.run.FormulationOptions;
import org.hebbkit.run.ProcessMemory;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hebbkit.model.Devices;
import org.hebbkit.model.Presets;
import org.hebbkit.report.StudyReport;
import org.hebbkit.study.Halving;
import org.hebbkit.study.Parameter;
import org.hebbkit.study.Search;
import org.hebbkit.study.Study;
import org.hebbkit.study.TrialOptions;
import org.hebbkit.study.TrialResult;
import org.hebbkit.sweep.LocalEngine;
import org.hebbkit.sweep.StudyEngine;
import org.hebbkit.sweep.StudyEngineProvider;
import org.hebbkit.sweep.Sweep;
import org.hebbkit.sweep.SweepEvents;
import org.hebbkit.sweep.SweepListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hebbkit sweep}: a study of many training runs ({@link Study}, {@link Sweep}): presets x configurations of
 * {@code --set} parameters x seeds, each trial a {@code hebbkit train} in its own process, into {@code --out}:
 * {@code results.csv}, {@code summary.csv}, {@code report.html}, {@code trials/ID/}. The same command again resumes.
 * Exit status 0 when every trial completed, 1 when some failed (run the command again to retry them).
 */
@Command(name = "sweep", description = "Run a study: presets x --set values x seeds, each trial as 'train' runs it;"
        + " resumable; results.csv, summary.csv, report.html.")
final class SweepCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--preset", required = true, paramLabel = "PRESET",
            description = "A preset name or JSON file; repeat for several.")
    private List<String> presetNames;

    @Option(names = "--seeds", defaultValue = "0", description = "Seeds every configuration runs with, e.g. 0,1,2,3 or 0-3 (default ${DEFAULT-VALUE}).")
    private String seeds;

    @Option(names = "--set", paramLabel = "PATH=V1,V2,...", description = "Sweep a value of the presets' configuration"
            + " (a dotted path as in 'hebbkit presets --json', e.g. blocks.0.learningRate.rate=0.01,0.03;"
            + " * for every list element); repeat for several.")
    private List<String> sets = new ArrayList<>();

    @Option(names = "--search", defaultValue = "grid", description = "grid (every combination) or random:N (N of them, drawn with a fixed seed); default ${DEFAULT-VALUE}.")
    private String search;

    @Option(names = "--halving", paramLabel = "eta=N[,min=N][,validation=N]", description = "Successive halving over"
            + " training images: all configurations on full/eta^k images, the best 1/eta (by validation accuracy on the"
            + " last 'validation' training images, default 5000) on eta times more, up to --limit-train (or the whole"
            + " training set), tested there. One preset.")
    private String halving;

    @Option(names = "--validation", paramLabel = "N", description = "Score every trial on the last N training images"
            + " (trained on the others, as 'train --validation'), never on the test set; with --halving the top rung"
            + " too. Then 'hebbkit test-chosen' tests the chosen configuration once.")
    @Range(min = 1, instead = "leave --validation out to score the trials on the test set")
    private Integer validation;

    @Option(names = "--engine", defaultValue = "local", description = "local: worker processes on this machine (default);"
            + " spark: each trial a Spark task (--master).")
    private String engineName;

    @Option(names = "--master", description = "With --engine spark: local[N], spark://HOST:PORT or any master spark-submit"
            + " takes (default local[--workers]).")
    private String master;

    @Option(names = "--workers", description = "Trials at a time (default: cores / --threads, or 1 when --threads is not given).")
    @Range(min = 1)
    private Integer workers;

    @Option(names = "--out", required = true, description = "The study's folder: new, or one holding the same study to resume.")
    private Path out;

    @CommandLine.Mixin
    private DataOptions input;

    @Option(names = "--dataset", completionCandidates = DatasetNames.class,
            description = "Run the presets on another dataset: ${COMPLETION-CANDIDATES} (or an alias).")
    private String dataset;

    @Option(names = "--probe-epochs", description = "Override the probe's epochs before the --set values apply.")
    @Range(min = 1)
    private Integer probeEpochs;

    @Option(names = "--readout", description = "probe or ridge (default: each preset's).")
    private String readout;

    /** Part of the study: two studies that differ only here compare the formulations over the same seeds. */
    @CommandLine.Mixin
    private FormulationOptions formulation;

    @Option(names = "--device", defaultValue = "cpu", description = "Each trial's device: cpu, gpu, gpu:N or auto (default ${DEFAULT-VALUE}).")
    private String device;

    @Option(names = "--threads", defaultValue = "0", description = "Engine threads per trial (default: cores / --workers, or all cores).")
    @Range(min = 1, instead = "leave --threads out for the cores divided among the workers")
    private int threads;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        if (!engineName.equals("local") && !engineName.equals("spark")) {
            throw new Arguments.BadArgument(spec, "--engine must be local or spark, got '" + engineName + "'");
        }
        if (master != null && !engineName.equals("spark")) {
            throw new Arguments.BadArgument(spec, "--master is for --engine spark; the local engine runs on this machine");
        }
        input.checkLimits(spec.commandLine());
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new Arguments.BadArgument(spec, "--out " + out + " is an existing file, not a folder; give the study's"
                    + " folder (new, or one holding the same study to resume)");
        }
        Study study = Arguments.check(spec, this::study);
        Arguments.check(spec, study::trials);
        if (validation != null) {
            // every trial holds out the same images: refused here, not by each trial in turn
            for (org.hebbkit.model.Preset preset : study.presets()) {
                String name = study.options().dataset() != null ? study.options().dataset() : preset.dataset();
                Arguments.check(spec, () -> DataSplits.imagesBesideValidation(validation, input.limitTrain,
                        DataSplits.trainingImages(name), name));
            }
        }
        if (study.halving() != null) {
            Arguments.check(spec, () -> study.halving().budgets(Halving.fullBudget(study.options(), study.presets(), org.hebbkit.run.DataSplits::trainingImages)));
        }
        Arguments.check(spec, () -> Devices.parse(device));
        int cores = Runtime.getRuntime().availableProcessors();
        if (workers != null && workers < 1) {
            throw new Arguments.BadArgument(spec, "--workers must be at least 1, got " + workers);
        }
        if (threads < 0) {
            throw new Arguments.BadArgument(spec, "--threads must be at least 0 (0: all cores), got " + threads);
        }
        int workerCount = workers != null ? workers : threads == 0 ? 1 : Math.max(1, cores / threads);
        int trialThreads = LocalEngine.threadsPerTrial(workers, threads);
        List<String> trialOptions = trialJavaOptions();
        StudyEngine engine = engineName.equals("local") ? new LocalEngine(workerCount, trialOptions)
                : Arguments.check(spec, () -> sparkEngine(new StudyEngineProvider.Settings(master, workerCount, trialOptions)));
        List<TrialResult> results = Sweep.builder().setStudy(study).setOutput(out).optEngine(engine)
                .optData(input.data).optDevice(device).optThreads(trialThreads)
                .optCommand("hebbkit " + String.join(" ", spec.commandLine().getParseResult().originalArgs()))
                .optListener(new ConsoleListener(console, trialThreads, validation == null ? "test" : "validation"))
                .build().run();
        StudyReport report = new StudyReport("", results, results.size(), Map.of(), validation == null ? "test" : "validation");
        console.print(report.summaryTable().text());
        console.println();
        console.printf("wrote %s (results.csv, summary.csv, report.html, %s)%n", out,
                study.halving() == null ? "trials/" : "rungs.csv, rungs/rung-R/");
        long failed = results.stream().filter(result -> !result.complete()).count();
        console.println(report.headline());
        if (failed > 0) {
            spec.commandLine().getErr().printf("hebbkit: %d of %d trials failed (see results.csv and each trial's"
                    + " train.log); run the same command again to retry them%n", failed, results.size());
            return 1;
        }
        return 0;
    }

    /** The JVM options of every trial process: {@code $HEBBKIT_JAVA_OPTS}, split at white space. */
    static List<String> trialJavaOptions() {
        String javaOptions = System.getenv().getOrDefault("HEBBKIT_JAVA_OPTS", "").strip();
        return javaOptions.isEmpty() ? List.of() : Arrays.asList(javaOptions.split("\\s+"));
    }

    private static StudyEngine sparkEngine(StudyEngineProvider.Settings settings) {
        StudyEngineProvider provider = StudyEngineProvider.find("spark");
        if (provider == null) {
            throw new IllegalArgumentException("--engine spark: the Spark engine is not on the class path; run through"
                    + " ./hebbkit (it adds integration/spark for --engine spark), or put hebbkit-spark and Spark 4 on"
                    + " your class path");
        }
        return provider.create(settings);
    }

    private Study study() {
        List<Long> seedList;
        try {
            seedList = Study.parseSeeds(seeds);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--seeds: " + e.getMessage(), e);
        }
        Study.Builder builder = Study.builder().setSeeds(seedList).optSearch(Search.parse(search))
                .optOptions(new TrialOptions(dataset == null ? null : DataSplits.canonicalName(dataset), input.limitTrain,
                        input.limitTest, probeEpochs, readout == null ? null : org.hebbkit.model.Preset.Readout.parse(readout),
                        validation == null ? 0 : validation,
                        formulation.convAlgorithm, formulation.matmul))
                .optHalving(halving == null ? null : Halving.parse(halving, validation == null ? 5000 : validation));
        presetNames.forEach(name -> builder.addPreset(Presets.resolve(name)));
        sets.forEach(set -> builder.addParameter(Parameter.parse(set)));
        return builder.build();
    }

    /** One line per event on the console. */
    static final class ConsoleListener implements SweepListener {
        private final PrintWriter console;
        private final int threads;
        /** What the running rung's trials are scored on (the study's own without halving). */
        private String evaluation;

        ConsoleListener(PrintWriter console, int threads, String evaluation) {
            this.console = console;
            this.threads = threads;
            this.evaluation = evaluation;
        }

        @Override
        public void studyStarted(SweepEvents.StudyStarted event) {
            console.printf("study: %d trial%s, %d already complete, %d to run (%s, %s per trial)%n", event.trials(),
                    event.trials() == 1 ? "" : "s", event.complete(), event.trials() - event.complete(), event.engine(),
                    threads == 0 ? "all cores" : threads + " engine thread" + (threads == 1 ? "" : "s"));
        }

        @Override
        public void rungStarted(SweepEvents.RungStarted event) {
            evaluation = event.evaluation();
            console.printf(Locale.ROOT, "halving rung %d of %d: %d configuration%s on %,d training images, scored on %s%n",
                    event.rung(), event.rungs(), event.configurations(), event.configurations() == 1 ? "" : "s",
                    event.trainImages(), event.evaluation().equals("test") ? "the test set" : "held-out training images");
        }

        @Override
        public void trialStarted(SweepEvents.TrialStarted event) {
            console.printf("  started %s (%s, seed %d)%s%n", event.id(), event.configuration(), event.seed(),
                    event.resumed() ? ", resuming" : "");
        }

        @Override
        public void trialFinished(SweepEvents.TrialFinished event) {
            TrialResult result = event.result();
            String outcome = result.complete()
                    ? String.format(Locale.ROOT, "%s accuracy %.2f%%, %s, peak memory %s", evaluation,
                            result.testAccuracy() * 100,
                            org.hebbkit.report.RunReport.Companion.duration(result.wallSeconds()),
                            result.peakResidentBytes() < 0 ? "unknown" : ProcessMemory.bytes(result.peakResidentBytes()))
                    : "FAILED: " + result.message();
            console.printf("[%d/%d] %s: %s%n", event.ended(), event.trials(), result.id(), outcome);
        }
    }
}
