package org.hebbkit.cli;

import java.io.PrintWriter;
import org.hebbkit.run.Arguments;
import org.hebbkit.run.CommandLines;
import org.hebbkit.run.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code hebbkit} command. Exit status: 0 success, 1 a failure while running (one
 * line on standard error, never a stack trace), 2 bad arguments (message names the problem and the valid
 * choices). Commands read their arguments through {@link Arguments}, so that only an argument's problem gives 2:
 * anything thrown once the work has started, {@code IllegalArgumentException} included, gives 1. Every error is one
 * line, {@code hebbkit: ...}, picocli's own parse errors included (no usage text); no option takes an empty or blank
 * value; whole-number options are checked against their {@link org.hebbkit.run.Range} before a command runs
 * (docs/reliability-cli.md; {@code CommandLineFuzzTest} tries every option of every command).
 */
@Command(name = "hebbkit", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "HebbKit 0.1.0",
        description = "Hebbian deep learning on the JVM: reproduce SoftHebb and friends.",
        subcommands = {PresetsCommand.class, RulesCommand.class, TrainCommand.class, SweepCommand.class, TestChosenCommand.class, CompareCommand.class, EvalCommand.class, BenchCommand.class, DoctorCommand.class,
            DocsCommand.class, CommandLine.HelpCommand.class})
public final class HebbKitCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        CommandLines.exitWithParent();
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line without exiting (for tests and embedding).
     *
     * @return the exit status
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return CommandLines.execute(new HebbKitCommand(), args, out, err);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: use one of presets, rules, train, sweep, compare, eval, bench, doctor (hebbkit help for details)");
    }
}
