package org.hebbkit.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hebbkit.model.Devices;
import org.hebbkit.report.StudyReport;
import org.hebbkit.run.Arguments;
import org.hebbkit.run.DataOptions;
import org.hebbkit.run.Range;
import org.hebbkit.study.Study;
import org.hebbkit.study.TrialResult;
import org.hebbkit.sweep.ChosenConfiguration;
import org.hebbkit.sweep.LocalEngine;
import org.hebbkit.sweep.Sweep;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hebbkit test-chosen}: the second step of a study that keeps the test set out of its choices. It reads a
 * finished {@code hebbkit sweep --validation N} ({@link ChosenConfiguration}: the configuration with the best mean
 * validation accuracy), writes {@code chosen.json} and the configuration's {@code preset.json} into {@code --out},
 * and runs that preset with {@code --seeds} on the whole training set, tested on the test set, as a study of its own
 * there (resumable; a complete trial never runs again, so each seed is tested once). Exit status as {@code sweep}'s.
 */
@Command(name = "test-chosen", description = "Test, once, the configuration a 'sweep --validation N' chose: its best"
        + " mean validation accuracy, trained on the whole training set with --seeds, scored on the test set.")
final class TestChosenCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--study", required = true, paramLabel = "FOLDER", description = "The --out folder of a finished"
            + " 'hebbkit sweep --validation N'.")
    private Path study;

    @Option(names = "--seeds", defaultValue = "0-3", description = "Seeds to test the chosen configuration with, e.g."
            + " 0,1,2,3 or 0-3 (default ${DEFAULT-VALUE}, as SoftHebb's Table 3).")
    private String seeds;

    @Option(names = "--out", required = true, description = "The test's folder: new, or one holding the same test to resume.")
    private Path out;

    @CommandLine.Mixin
    private DataOptions input;

    @Option(names = "--workers", defaultValue = "1", description = "Trials at a time (default ${DEFAULT-VALUE}).")
    @Range(min = 1)
    private int workers;

    @Option(names = "--threads", defaultValue = "0", description = "Engine threads per trial (default: cores / --workers).")
    @Range(min = 1, instead = "leave --threads out for the cores divided among the workers")
    private int threads;

    @Option(names = "--device", defaultValue = "cpu", description = "Each trial's device: cpu, gpu, gpu:N or auto (default ${DEFAULT-VALUE}).")
    private String device;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        input.checkLimits(spec.commandLine());
        Arguments.check(spec, () -> Devices.parse(device));
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new Arguments.BadArgument(spec, "--out " + out + " is an existing file, not a folder; give the test's"
                    + " folder (new, or one holding the same test to resume)");
        }
        if (out.toAbsolutePath().normalize().startsWith(study.toAbsolutePath().normalize().resolve("trials"))
                || out.toAbsolutePath().normalize().equals(study.toAbsolutePath().normalize())) {
            throw new Arguments.BadArgument(spec, "--out " + out + " is the study's own folder; give a folder of its own"
                    + " (e.g. " + study.resolve("test") + ")");
        }
        ChosenConfiguration chosen = Arguments.check(spec, () -> ChosenConfiguration.of(study));
        List<Long> seedList = Arguments.check(spec, () -> Study.parseSeeds(seeds));
        Study test = Arguments.check(spec, () -> chosen.testStudy(seedList, input.limitTrain, input.limitTest));
        Arguments.check(spec, test::trials);
        Arguments.check(spec, () -> {
            try {
                chosen.writeInto(out);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write into " + out + ": " + e.getMessage(), e);
            }
        });
        console.println("chosen: " + chosen.describe());
        int trialThreads = LocalEngine.threadsPerTrial(workers, threads);
        List<TrialResult> results = Sweep.builder().setStudy(test).setOutput(out)
                .optEngine(new LocalEngine(workers, SweepCommand.trialJavaOptions()))
                .optData(input.data).optDevice(device).optThreads(trialThreads)
                .optCommand("hebbkit " + String.join(" ", spec.commandLine().getParseResult().originalArgs()))
                .optListener(new SweepCommand.ConsoleListener(console, trialThreads, "test")).build().run();
        StudyReport report = new StudyReport("", results, results.size(), Map.of());
        console.print(report.summaryTable().text());
        console.println();
        console.printf("wrote %s (chosen.json, preset.json, results.csv, summary.csv, report.html, trials/)%n", out);
        console.println(report.headline());
        long failed = results.stream().filter(result -> !result.complete()).count();
        if (failed > 0) {
            spec.commandLine().getErr().printf("hebbkit: %d of %d trials failed (see results.csv and each trial's"
                    + " train.log); run the same command again to retry them%n", failed, results.size());
            return 1;
        }
        return 0;
    }
}
