package org.hebbkit.cli;

import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code hebbkit} command. Exit status: 0 success, 1 a failure while running (one
 * line on standard error, never a stack trace), 2 bad arguments (message names the problem and the valid
 * choices). Commands read their arguments through {@link Arguments}, so that only an argument's problem gives 2:
 * anything thrown once the work has started, {@code IllegalArgumentException} included, gives 1.
 */
@Command(name = "hebbkit", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "HebbKit 0.1.0",
        description = "Hebbian deep learning on the JVM: reproduce SoftHebb and friends.",
        subcommands = {PresetsCommand.class, RulesCommand.class, TrainCommand.class, SweepCommand.class, CompareCommand.class, EvalCommand.class, BenchCommand.class, DoctorCommand.class,
            DocsCommand.class, CommandLine.HelpCommand.class})
public final class HebbKitCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        exitWithParent(System.getProperty(org.hebbkit.sweep.TrialProcess.PARENT_PID));
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * A trial process of a sweep ({@code -Dhebbkit.parent.pid=PID}) ends within a second of the sweep's own end, even
     * a {@code kill -9} of it, so that no orphan goes on writing into a study that is then run again. What it has
     * written is safe: progress and results are written atomically.
     */
    private static void exitWithParent(String pid) {
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
     * Runs the command line without exiting (for tests and embedding).
     *
     * @return the exit status
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(new HebbKitCommand(), args, out, err);
    }

    /** Runs {@code command} as the {@code hebbkit} command does: same output, messages and exit statuses. */
    static int execute(Object command, String[] args, PrintWriter out, PrintWriter err) {
        System.setProperty("OPT_OUT_TRACKING", "true");
        CommandLine commandLine = new CommandLine(command);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setOut(out);
        commandLine.setErr(err);
        CommandLine.IParameterExceptionHandler usage = commandLine.getParameterExceptionHandler();
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            if (exception instanceof Arguments.BadArgument) {
                exception.getCommandLine().getErr().println("hebbkit: " + exception.getMessage());
                return 2;
            }
            return usage.handleParseException(exception, arguments);
        });
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            line.getErr().println("hebbkit: " + describe(exception));
            return 1;
        });
        return commandLine.execute(args);
    }

    /**
     * The one line printed for a failure: its message. A message that is missing ({@code null}) or only a
     * path ({@code FileSystemException}s without a reason) becomes the type's simple name, then the first
     * cause with a message ({@code IllegalStateException caused by IOException: disk full}), else the
     * place it was thrown ({@code NullPointerException at org.hebbkit...}).
     */
    static String describe(Throwable failure) {
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

    private static boolean hasMessage(Throwable failure) {
        return failure.getMessage() != null && !failure.getMessage().isBlank();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: use one of presets, rules, train, sweep, compare, eval, bench, doctor (hebbkit help for details)");
    }
}
