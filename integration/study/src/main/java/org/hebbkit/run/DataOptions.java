package org.hebbkit.run;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Where the data is and how much of it to use: the options of every command that trains ({@code train},
 * {@code compare}, {@code sweep}), as a picocli mixin.
 */
public class DataOptions {

    @Option(names = "--data", description = "Data directory (default: -Dhebbkit.data, $HEBBKIT_DATA, ~/.hebbkit/datasets).")
    public Path data;

    @Option(names = "--limit-train", defaultValue = "0", description = "Use only the first N training images.")
    public int limitTrain;

    @Option(names = "--limit-test", defaultValue = "0", description = "Use only the first N test images.")
    public int limitTest;

    /** @throws CommandLine.ParameterException for a negative limit */
    public void checkLimits(CommandLine commandLine) {
        if (limitTrain < 0 || limitTest < 0) {
            throw new CommandLine.ParameterException(commandLine, "--limit-train and --limit-test must be non-negative");
        }
    }
}
