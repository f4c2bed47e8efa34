package org.hebbkit.cli;

import org.hebbkit.run.Arguments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/**
 * Failures while running exit with status 1 and one line that says something: never {@code hebbkit: null},
 * never a stack trace. An {@code IllegalArgumentException} thrown once the work has started is such a failure,
 * not a bad argument: status 2 is only for what {@link Arguments} rejects.
 */
class RunFailuresTest {

    /** A command that fails with a given exception. */
    @Command(name = "fail")
    static final class Failing implements Callable<Integer> {
        private final Exception failure;

        Failing(Exception failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            throw failure;
        }
    }

    @Test
    void aMessageIsPrintedAsItIs() {
        Cli cli = Cli.runCommand(new Failing(new IOException("disk full")));
        assertEquals(1, cli.status, cli.toString());
        assertEquals("hebbkit: disk full", cli.err.strip());
    }

    @Test
    void withoutAMessageTheTypeAndTheFirstCauseWithOneArePrinted() {
        Exception failure = new IllegalStateException(null, new RuntimeException(null, new IOException("disk full")));
        Cli cli = Cli.runCommand(new Failing(failure));
        assertEquals(1, cli.status, cli.toString());
        assertEquals("hebbkit: IllegalStateException caused by IOException: disk full", cli.err.strip());
    }

    @Test
    void withNoMessageAnywhereTheTypeAndWhereItWasThrownArePrinted() {
        NullPointerException failure = new NullPointerException();
        Cli cli = Cli.runCommand(new Failing(failure));
        assertEquals(1, cli.status, cli.toString());
        assertEquals("hebbkit: NullPointerException at " + failure.getStackTrace()[0], cli.err.strip());
        assertTrue(cli.err.startsWith("hebbkit: NullPointerException at org.hebbkit.cli.RunFailuresTest."
                + "withNoMessageAnywhereTheTypeAndWhereItWasThrownArePrinted(RunFailuresTest.java:"), cli.err);
    }

    @Test
    void anIllegalArgumentThrownWhileRunningIsAFailureNotABadArgument() {
        Cli cli = Cli.runCommand(new Failing(new IllegalArgumentException((String) null, new IOException("bad header"))));
        assertEquals(1, cli.status, cli.toString());
        assertEquals("hebbkit: IllegalArgumentException caused by IOException: bad header", cli.err.strip());
    }

    @Test
    void aFileErrorThatIsOnlyAPathSaysWhatHappened() {
        Cli denied = Cli.runCommand(new Failing(new AccessDeniedException("/root/run")));
        assertEquals(1, denied.status, denied.toString());
        assertEquals("hebbkit: AccessDeniedException: /root/run", denied.err.strip());
        Cli wrapped = Cli.runCommand(new Failing(new UncheckedIOException(null, new AccessDeniedException("/root/run"))));
        assertEquals("hebbkit: UncheckedIOException caused by AccessDeniedException: /root/run", wrapped.err.strip());
    }
}
