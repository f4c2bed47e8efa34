package org.hebbkit.run;

import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import picocli.CommandLine;

/**
 * How HebbKit's commands run, whichever main class starts them ({@code hebbkit}'s, or {@link TrainMain} in a trial
 * process): exit status 0 success, 1 a failure while running (one line on standard error, never a stack trace), 2 bad
 * arguments (the message names the problem and the valid choices). Commands read their arguments through
 * {@link Arguments}, so that only an argument's problem gives 2. Every error is one line, {@code hebbkit: ...},
 * picocli's own parse errors included (no usage text); no option takes an empty or blank value; whole-number options
 * are checked against their {@link Range} before a command runs (docs/reliability-cli.md; {@code CommandLineFuzzTest}
 * tries every option of every command).
 */
public final class CommandLines {

    /** The system property a trial process reads: the pid whose death ends it ({@link #exitWithParent}). */
    public static final String PARENT_PID = "hebbkit.parent.pid";

    private CommandLines() {}

    /** {@link #exitWithParent} with this JVM's {@link #PARENT_PID}, if set. */
    public static void exitWithParent() {
        exitWithParent(System.getProperty(PARENT_PID));
    }

    /**
     * A trial process of a sweep ({@code -Dhebbkit.parent.pid=PID}) ends within a second of the sweep's own end, even
     * a {@code kill -9} of it, so that no orphan goes on writing into a study that is then run again. What it has
     * written is safe: progress and results are written atomically.
     */
    public static void exitWithParent(String pid) {
        if (pid == null) {
            return;
        }
        java.util.Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(pid));
        Thread watch = new Thread(() -> {
            while (parent.map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("hebbkit: the sweep that started this trial (pid " + pid + ") has ended; stopping");
            Runtime.getRuntime().halt(143);
        }, "hebbkit-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /**
     * A picocli command line that reads options as {@code hebbkit} does (choices in any case, no empty values),
     * without running anything: {@code parser(command).parseArgs(args)} fills the command's options.
     */
    public static CommandLine parser(Object command) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // no option takes an empty or blank value: '--out ""' is not the current folder, '--preset " "' no preset
        commandLine.registerConverter(String.class, CommandLines::nonBlank);
        commandLine.registerConverter(Path.class, value -> Path.of(nonBlank(value)));
        return commandLine;
    }

    /** Runs {@code command} as the {@code hebbkit} command does: same output, messages and exit statuses. */
    public static int execute(Object command, String[] args, PrintWriter out, PrintWriter err) {
        System.setProperty("OPT_OUT_TRACKING", "true");
        CommandLine commandLine = parser(command);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            exception.getCommandLine().getErr().println("hebbkit: " + oneLine(exception instanceof Arguments.BadArgument
                    ? exception.getMessage() : parseError(exception)));
            return 2;
        });
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            line.getErr().println("hebbkit: " + oneLine(describe(exception)));
            return 1;
        });
        commandLine.setExecutionStrategy(parseResult -> {
            checkRanges(parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("hebbkit: out of memory (" + e.getMessage() + "): ask for less (fewer images, smaller sizes), or"
                    + " give the JVM more with HEBBKIT_JAVA_OPTS=-Xmx...");
            return 1;
        }
    }

    /** A value given on the command line, refused when empty or blank (picocli names the option). */
    private static String nonBlank(String value) {
        if (value.isBlank()) {
            throw new CommandLine.TypeConversionException("an empty value ('" + value + "'); give one, or leave the"
                    + " option out for its default");
        }
        return value;
    }

    /**
     * A picocli parse error as one line: its message, what the nearest option names were (for a misspelt one) and where
     * the options are listed, instead of the usage text.
     */
    private static String parseError(CommandLine.ParameterException exception) {
        String message = exception.getMessage();
        if (exception instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            message += " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
        }
        return message + "; 'hebbkit " + helpName(exception.getCommandLine()) + "--help' lists the options";
    }

    private static String helpName(CommandLine line) {
        String name = line.getCommandSpec().qualifiedName(" ");
        return name.equals("hebbkit") ? "" : name.substring("hebbkit ".length()) + " ";
    }

    /** Messages are one line: a line break inside one (from a library or the system) becomes a space. */
    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * Checks every whole-number option given on the command line against its {@link Range}, before the command runs
     * (help first: {@code --help} with a bad value still prints the help).
     */
    private static void checkRanges(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult result : parseResult.asCommandLineList().stream().map(CommandLine::getParseResult).toList()) {
            if (result.isUsageHelpRequested() || result.isVersionHelpRequested()) {
                return;
            }
        }
        for (CommandLine line : parseResult.asCommandLineList()) {
            for (CommandLine.Model.OptionSpec option : line.getParseResult().matchedOptions()) {
                Range range = range(option);
                if (range == null || !(option.getValue() instanceof Number number)) {
                    continue;
                }
                long value = number.longValue();
                if (value < range.min()) {
                    throw new Arguments.BadArgument(line.getCommandSpec(), option.longestName() + " must be at least "
                            + range.min() + (range.instead().isEmpty() ? "" : " (" + range.instead() + ")") + ", got " + value);
                }
                if (value > range.max()) {
                    throw new Arguments.BadArgument(line.getCommandSpec(), option.longestName() + " must be at most "
                            + range.max() + ", got " + value);
                }
            }
        }
    }

    /** The {@link Range} on an option's field, or {@code null}. */
    public static Range range(CommandLine.Model.OptionSpec option) {
        return option.userObject() instanceof java.lang.reflect.Field field ? field.getAnnotation(Range.class) : null;
    }

    /**
     * The one line printed for a failure: its message. A message that is missing ({@code null}) or only a
     * path ({@code FileSystemException}s without a reason) becomes the type's simple name, then the first
     * cause with a message ({@code IllegalStateException caused by IOException: disk full}), else the
     * place it was thrown ({@code NullPointerException at org.hebbkit...}).
     */
    public static String describe(Throwable failure) {
        if (failure instanceof ai.djl.engine.EngineException) {
            return nativesFailure(failure);
        }
        String type = failure.getClass().getSimpleName();
        if (failure instanceof FileSystemException files && files.getReason() == null) {
            return type + ": " + failure.getMessage();
        }
        if (hasMessage(failure)) {
            return failure.getMessage();
        }
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure.getCause(); cause != null && seen.add(cause); cause = cause.getCause()) {
            if (hasMessage(cause)) {
                return type + " caused by " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
            }
        }
        StackTraceElement[] stack = failure.getStackTrace();
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("org.hebbkit.")) {
                return type + " at " + frame;
            }
        }
        return stack.length > 0 ? type + " at " + stack[0] : type;
    }

    /**
     * The engine could not load or fetch its natives: the chain of causes in one line, and where natives come from.
     * DJL downloads libtorch (HEBBKIT_TORCH=download) from publish.djl.ai, which needs the network once.
     */
    private static String nativesFailure(Throwable failure) {
        if (isAllocationFailure(failure)) {
            return "the engine could not allocate the memory asked for (" + failure.getMessage().strip().lines().findFirst()
                    .orElse("") + "): ask for less (fewer images, smaller sizes), or run where there is more memory";
        }
        StringBuilder line = new StringBuilder("the PyTorch engine did not start: ").append(failure.getMessage());
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure.getCause(); cause != null && seen.add(cause); cause = cause.getCause()) {
            line.append(" (").append(cause.getClass().getSimpleName());
            if (hasMessage(cause)) {
                line.append(": ").append(cause.getMessage());
            }
            line.append(')');
        }
        return line.append(". HEBBKIT_TORCH=download fetches libtorch from https://publish.djl.ai once (the network is"
                + " needed then; cached in DJL_CACHE_DIR, default ~/.djl.ai); HEBBKIT_TORCH=system uses"
                + " PYTORCH_LIBRARY_PATH; without HEBBKIT_TORCH the bundled CPU build runs offline. 'hebbkit doctor'"
                + " shows what was found.").toString();
    }

    /** An engine failure that is an allocation refused (the engine started; it had no memory for an array). */
    private static boolean isAllocationFailure(Throwable failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage().toLowerCase(java.util.Locale.ROOT);
        return message.contains("alloc") || message.contains("out of memory") || message.contains("not enough memory");
    }

    private static boolean hasMessage(Throwable failure) {
        return failure.getMessage() != null && !failure.getMessage().isBlank();
    }

}
