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

    @Option(names = "--limit-train", defaultValue = "0", description = "Use only the first N training images, N at least 1 (default: every image; a split read from disk, ImageNet: N images spread evenly over it).")
    @Range(min = 1, instead = "leave --limit-train out to use every training image")
    public int limitTrain;

    @Option(names = "--limit-test", defaultValue = "0", description = "Use only the first N test images, N at least 1 (default: every image; a split read from disk: N spread evenly).")
    @Range(min = 1, instead = "leave --limit-test out to use every test image")
    public int limitTest;

    /** @throws CommandLine.ParameterException for a negative limit, or a {@code --data} that is a file */
    public void checkLimits(CommandLine commandLine) {
        if (limitTrain < 0 || limitTest < 0) {
            throw new CommandLine.ParameterException(commandLine, "--limit-train and --limit-test must be non-negative");
        }
        try {
            DataSplits.requireDataFolder(data);
        } catch (IllegalArgumentException e) {
            throw new Arguments.BadArgument(commandLine.getCommandSpec(), e.getMessage(), e);
        }
    }
}
