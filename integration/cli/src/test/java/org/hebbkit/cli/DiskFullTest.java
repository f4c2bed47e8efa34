package org.hebbkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up during a run: {@code hebbkit train} writes into a real 1 MB tmpfs, so saving the first
 * epoch's progress (the MLP's 6 MB of weights) fails with ENOSPC. The run stops with exit status 1 and a message
 * that says what happened and what to do, and leaves no partial file: only what was complete before. Needs
 * permission to mount a tmpfs (root); skipped with a message otherwise.
 */
class DiskFullTest {

    @TempDir
    Path temp;

    @Test
    void aFullDiskStopsTheRunWithAClearMessageAndNoPartialFile() throws Exception {
        Path data = TrainEvalRealRunTest.dataDirectory();
        Path disk = temp.resolve("tiny-disk");
        Files.createDirectories(disk);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String mountOutput = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a 1 MB tmpfs here (" + mountOutput.strip()
                + "); this test needs root");
        try {
            Path out = disk.resolve("run");
            Cli cli = Cli.run("train", "--preset", "softhebb-mnist-mlp", "--data", data.toString(), "--out", out.toString(),
                    "--limit-train", "500", "--limit-test", "100", "--probe-epochs", "1");
            assertEquals(1, cli.status, cli.toString());
            assertTrue(cli.err.startsWith("hebbkit: Cannot save the run's progress into " + out.resolve("resume") + ": "),
                    cli.err);
            assertTrue(cli.err.contains("No space left on device"), cli.err);
            assertTrue(cli.err.strip().endsWith("Free space or choose another output directory; the run stops here."),
                    cli.err);
            try (Stream<Path> files = Files.walk(out)) {
                List<String> left = files.filter(Files::isRegularFile).map(file -> out.relativize(file).toString()).sorted()
                        .toList();
                // and the folder's lock file (org.hebbkit.model.RunFolderLock), which stays
                assertEquals(List.of(".hebbkit.lock", "resume/command.json"), left,
                        "only the complete command file; no partial array file");
            }
        } finally {
            new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor();
        }
    }
}
