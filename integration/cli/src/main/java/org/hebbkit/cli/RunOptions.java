package org.hebbkit.cli;

import java.nio.file.Path;
import org.hebbkit.model.Configs;
import org.hebbkit.model.Preset;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options every command that runs presets shares ({@code train}, {@code compare}), as a picocli mixin. */
final class RunOptions {

    @Option(names = "--seed", defaultValue = "0", description = "The one seed: initialisation, order, dropout (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data", description = "Data directory (default: -Dhebbkit.data, $HEBBKIT_DATA, ~/.hebbkit/datasets).")
    Path data;

    @Option(names = "--out", description = "Output directory (default: under runs/, named after the preset and seed).")
    Path out;

    @Option(names = "--limit-train", defaultValue = "0", description = "Use only the first N training images.")
    int limitTrain;

    @Option(names = "--limit-test", defaultValue = "0", description = "Use only the first N test images.")
    int limitTest;

    @Option(names = "--probe-epochs", description = "Override the probe's epochs (the learning-rate milestones scale with it).")
    Integer probeEpochs;

    @Option(names = "--threads", defaultValue = "0", description = "Engine threads (default: one per core).")
    int threads;

    /**
     * The preset with {@code --probe-epochs} applied, after checking the limits.
     *
     * @throws CommandLine.ParameterException for a negative limit or fewer than 1 probe epoch
     */
    Preset apply(Preset preset, CommandLine commandLine) {
        if (limitTrain < 0 || limitTest < 0) {
            throw new CommandLine.ParameterException(commandLine, "--limit-train and --limit-test must be non-negative");
        }
        if (probeEpochs == null) {
            return preset;
        }
        if (probeEpochs < 1) {
            throw new CommandLine.ParameterException(commandLine, "--probe-epochs must be at least 1, got " + probeEpochs);
        }
        return Configs.with(preset, "probe.epochs", probeEpochs);
    }
}
