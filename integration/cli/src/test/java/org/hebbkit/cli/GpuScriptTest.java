package org.hebbkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench/gpu/gpu.sh}'s transfer steps, run for real: a folder split into checksummed parts small enough to carry,
 * joined back byte for byte; a missing or corrupt part refused by name with nothing written.
 */
class GpuScriptTest {

    private static final Path SCRIPT = Path.of(System.getProperty("hebbkit.project.root", "../.."))
            .resolve("bench/gpu/gpu.sh").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    private record Run(int status, String out) {}

    private static Run gpu(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "still running: " + command);
        return new Run(process.exitValue(), out);
    }

    /** 2.5 MiB of random bytes (gzip cannot shrink them) in two files, one in a sub-folder. */
    private Path folder() throws IOException {
        Path source = temp.resolve("source");
        Files.createDirectories(source.resolve("inner"));
        SplittableRandom random = new SplittableRandom(3);
        byte[] a = new byte[2 * 1024 * 1024];
        byte[] b = new byte[512 * 1024 + 17];
        random.nextBytes(a);
        random.nextBytes(b);
        Files.write(source.resolve("inner/a.bin"), a);
        Files.write(source.resolve("b.txt"), b);
        return source;
    }

    private static List<Path> parts(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().contains(".tar.gz.part-")).sorted().toList();
        }
    }

    @Test
    void aFolderTravelsInPartsAndComesBackByteForByte() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SCRIPT), "no script at " + SCRIPT);
        Path source = folder();
        Run split = gpu("parts", source.toString(), temp.resolve("parts").toString(), "1");
        assertEquals(0, split.status(), split.out());
        List<Path> parts = parts(temp.resolve("parts"));
        assertEquals(3, parts.size(), "2.5 MiB of incompressible data in parts of 1 MiB: " + parts);
        for (Path part : parts) {
            assertTrue(Files.size(part) <= 1024 * 1024, part + ": " + Files.size(part));
        }
        Run join = gpu("join", temp.resolve("parts").toString(), temp.resolve("joined").toString());
        assertEquals(0, join.status(), join.out());
        for (String file : new String[] {"inner/a.bin", "b.txt"}) {
            assertArrayEquals(Files.readAllBytes(source.resolve(file)), Files.readAllBytes(temp.resolve("joined/" + file)), file);
        }
    }

    @Test
    void aMissingOrCorruptPartIsRefusedByNameAndNothingIsWritten() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SCRIPT), "no script at " + SCRIPT);
        assertEquals(0, gpu("parts", folder().toString(), temp.resolve("parts").toString(), "1").status());
        List<Path> parts = parts(temp.resolve("parts"));
        byte[] second = Files.readAllBytes(parts.get(1));
        second[12345] ^= 1;
        Files.write(parts.get(1), second);
        Run corrupt = gpu("join", temp.resolve("parts").toString(), temp.resolve("joined").toString());
        assertEquals(1, corrupt.status(), corrupt.out());
        assertTrue(corrupt.out().contains("corrupt part(s) in " + temp.resolve("parts").toRealPath() + " (SHA-256 differs): "
                + parts.get(1).getFileName() + "; copy them again (nothing was written)"), corrupt.out());
        assertFalse(Files.exists(temp.resolve("joined")), "nothing written");
        Files.delete(parts.get(2));
        Run missing = gpu("join", temp.resolve("parts").toString(), temp.resolve("joined").toString());
        assertEquals(1, missing.status(), missing.out());
        assertTrue(missing.out().contains("1 of 3 parts missing in " + temp.resolve("parts").toRealPath() + ": "
                + parts.get(2).getFileName()), missing.out());
        assertFalse(Files.exists(temp.resolve("joined")), "nothing written");
    }

    @Test
    void anUnknownCommandListsTheValidOnes() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SCRIPT), "no script at " + SCRIPT);
        Run run = gpu("launch");
        assertEquals(1, run.status(), run.out());
        assertTrue(run.out().contains("gpu.sh: error: unknown command 'launch'"), run.out());
        assertTrue(run.out().contains("prepare") && run.out().contains("build-jni") && run.out().contains("reproduce"),
                run.out());
    }
}
