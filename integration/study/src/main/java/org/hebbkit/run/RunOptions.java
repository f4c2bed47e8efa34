package org.hebbkit.run;

import java.nio.file.Path;
import org.hebbkit.model.Configs;
import org.hebbkit.model.Preset;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options every command that runs one preset at a time shares ({@code train}, {@code compare}), as a picocli
 * mixin: {@link DataOptions} and the seed, output, probe epochs and threads.
 */
public final class RunOptions extends DataOptions {

    @Option(names = "--seed", defaultValue = "0", description = "The one seed: initialisation, order, dropout (default ${DEFAULT-VALUE}).")
    public long seed;

    @Option(names = "--out", description = "Output directory (default: under runs/, named after the preset and seed).")
    public Path out;

    @Option(names = "--probe-epochs", description = "Override the probe's epochs (the learning-rate milestones scale with it).")
    @Range(min = 1)
    public Integer probeEpochs;

    @Option(names = "--threads", defaultValue = "0", description = "Engine threads (default: one per core).")
    @Range(min = 1, instead = "leave --threads out for one per core")
    public int threads;

    /**
     * The preset with {@code --probe-epochs} applied, after checking the limits.
     *
     * @throws CommandLine.ParameterException for a negative limit or fewer than 1 probe epoch
     */
    public Preset apply(Preset preset, CommandLine commandLine) {
        checkLimits(commandLine);
        if (probeEpochs == null) {
            return preset;
        }
        if (probeEpochs < 1) {
            throw new CommandLine.ParameterException(commandLine, "--probe-epochs must be at least 1, got " + probeEpochs);
        }
        return Configs.with(preset, "probe.epochs", probeEpochs);
    }
}
