package org.hebbkit.run;

import java.io.PrintWriter;

/**
 * The main class of a trial process: {@code java -cp CLASSPATH org.hebbkit.run.TrainMain ARGUMENTS} runs
 * {@code hebbkit train ARGUMENTS} ({@link TrainCommand}) with the command line's messages and exit statuses, without
 * the command line itself on the class path (a Spark executor or a notebook kernel needs only {@code hebbkit-study}).
 * With {@code -Dhebbkit.parent.pid=PID} it stops within a second of that process's end.
 */
public final class TrainMain {

    private TrainMain() {}

    /** Runs one training and exits with its status. */
    public static void main(String[] args) {
        CommandLines.exitWithParent();
        System.exit(CommandLines.execute(new TrainCommand(), args, new PrintWriter(System.out, true),
                new PrintWriter(System.err, true)));
    }
}
