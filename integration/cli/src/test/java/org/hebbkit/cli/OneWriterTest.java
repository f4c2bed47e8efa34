package org.hebbkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per run folder, with real processes: a {@code hebbkit train} process holds its {@code --out}; while it
 * runs, a second {@code train}, a {@code sweep} and a {@code compare} into the same folder are refused at once, naming
 * its process id; once it is killed with SIGKILL, its lock is gone with it and {@code train --resume} continues there.
 */
class OneWriterTest {

    @TempDir
    Path temp;

    @Test
    void aSecondWriterIsRefusedAndAKilledWritersLockDoesNotBlock() throws Exception {
        Path data = TrainEvalRealRunTest.dataDirectory();
        Path out = temp.resolve("run");
        Process first = Cli.start(List.of("train", "--preset", "softhebb-mnist-mlp", "--data", data.toString(), "--out",
                out.toString(), "--limit-train", "8000", "--limit-test", "200", "--probe-epochs", "1"));
        String busy = "hebbkit: another HebbKit process (pid " + first.pid() + ") is writing into " + out + "; wait for it"
                + " to end (or stop it), or choose another folder. A folder has one writer at a time; its lock is released"
                + " when that process ends, even when it is killed";
        boolean tried = false;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                // printed once the data is loaded: the folder is locked and its command.json written
                if (line.startsWith("softhebb-mnist-mlp: 8,000 training and 200 test images")) {
                    Cli train = Cli.run("train", "--preset", "softhebb-mnist-mlp", "--data", data.toString(), "--out",
                            out.toString(), "--limit-train", "100");
                    Cli resume = Cli.run("train", "--resume", out.toString(), "--data", data.toString());
                    Cli sweep = Cli.run("sweep", "--preset", "softhebb-mnist-mlp", "--out", out.toString(), "--data",
                            data.toString());
                    Cli compare = Cli.run("compare", "--out", out.toString(), "--data", data.toString());
                    boolean alive = first.isAlive();
                    first.destroyForcibly(); // SIGKILL, while it holds the lock
                    assertTrue(alive, "the first train was still running when the others were refused");
                    for (Cli refused : List.of(train, resume, sweep, compare)) {
                        assertEquals(1, refused.status, refused.toString());
                        assertEquals(busy, refused.err.strip(), refused.toString());
                    }
                    tried = true;
                    break;
                }
            }
        }
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        assertTrue(tried, "the first train printed its data line (exit " + first.exitValue() + ")");
        assertEquals(137, first.exitValue(), "killed by SIGKILL");
        assertTrue(Files.isRegularFile(out.resolve(".hebbkit.lock")));
        assertEquals(Long.toString(first.pid()), Files.readString(out.resolve(".hebbkit.lock")).strip(),
                "the lock file names the killed writer, whose lock died with it");

        Cli resumed = Cli.run("train", "--resume", out.toString(), "--data", data.toString());
        assertEquals(0, resumed.status, resumed.toString());
        assertTrue(resumed.out.startsWith("resuming " + out), resumed.out);
        assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(out.resolve(".hebbkit.lock")).strip());
    }
}
