package org.hebbkit.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code hebbkit} command. Exit status: 0 success, 1 a failure while running (message
 * on standard error), 2 bad arguments (message names the problem and the valid choices).
 */
@Command(name = "hebbkit", mixinStandardHelpOptions = true, version = "HebbKit 0.1.0",
        description = "Hebbian deep learning on the JVM: reproduce SoftHebb and friends.",
        subcommands = {PresetsCommand.class, RulesCommand.class, TrainCommand.class, CompareCommand.class, EvalCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class HebbKitCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line without exiting (for tests and embedding).
     *
     * @return the exit status
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        System.setProperty("OPT_OUT_TRACKING", "true");
        CommandLine commandLine = new CommandLine(new HebbKitCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            if (exception instanceof IllegalArgumentException) {
                line.getErr().println("hebbkit: " + exception.getMessage());
                return 2;
            }
            line.getErr().println("hebbkit: " + exception.getMessage());
            return 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: use one of presets, train, eval, bench (hebbkit help for details)");
    }
}
