package org.hebbkit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and captures what it prints. */
final class Cli {

    final int status;
    final String out;
    final String err;

    private Cli(int status, String out, String err) {
        this.status = status;
        this.out = out;
        this.err = err;
    }

    static Cli run(String... args) {
        return runCommand(new HebbKitCommand(), args);
    }

    /** Runs {@code command} (a picocli command object) the way {@code hebbkit} runs its own. */
    static Cli runCommand(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = org.hebbkit.run.CommandLines.execute(command, args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(status, out.toString(), err.toString());
    }

    /**
     * Starts the command line as a real process (this JVM's {@code java} and class path), standard error merged into
     * standard output: for tests that kill it or read it as it runs.
     */
    static Process start(java.util.List<String> arguments) throws java.io.IOException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                ProcessHandle.current().info().command().orElse("java"), "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true",
                "--add-modules", "jdk.incubator.vector", // as the launcher and this JVM: the same probe formulation
                "-cp", System.getProperty("java.class.path"), HebbKitCommand.class.getName()));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The last non-empty line of standard output. */
    String lastLine() {
        String[] lines = out.strip().split("\\R");
        return lines[lines.length - 1];
    }

    @Override
    public String toString() {
        return "exit " + status + "\n--- out ---\n" + out + "\n--- err ---\n" + err;
    }
}
