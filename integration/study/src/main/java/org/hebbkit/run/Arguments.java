package org.hebbkit.run;

import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Where a command reads its arguments: an {@code IllegalArgumentException} thrown there is a bad argument
 * (exit status 2, with the usage), while the same exception thrown later, from library code while a run is
 * under way, is a failure (exit status 1).
 */
public final class Arguments {

    private Arguments() {}

    /**
     * Parses or checks an argument.
     *
     * @param spec the command whose usage a bad argument prints
     * @param parse reads the argument; its {@code IllegalArgumentException} (or {@code UncheckedIOException}, as a
     *     preset file that cannot be read throws) becomes a {@link CommandLine.ParameterException}
     */
    public static <T> T check(CommandLine.Model.CommandSpec spec, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new BadArgument(spec, CommandLines.describe(e), e);
        }
    }

    /**
     * An argument the command read and rejected: {@code hebbkit: MESSAGE} on one line, exit status 2 (picocli's
     * own parse errors, such as a missing option, print the usage as well).
     */
    public static final class BadArgument extends CommandLine.ParameterException {
        private static final long serialVersionUID = 1L;

        public BadArgument(CommandLine.Model.CommandSpec spec, String message) {
            super(spec.commandLine(), message);
        }

        public BadArgument(CommandLine.Model.CommandSpec spec, String message, Throwable cause) {
            super(spec.commandLine(), message, cause);
        }
    }

    /** {@link #check(CommandLine.Model.CommandSpec, Supplier)} for a check without a value. */
    public static void check(CommandLine.Model.CommandSpec spec, Runnable check) {
        check(spec, () -> {
            check.run();
            return null;
        });
    }
}
