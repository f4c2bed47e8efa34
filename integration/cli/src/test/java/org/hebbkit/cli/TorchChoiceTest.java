package org.hebbkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.hebbkit.model.EngineReport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where libtorch comes from, in real processes: the launcher's {@code HEBBKIT_TORCH} choices, a libtorch already on the
 * machine through {@code PYTORCH_LIBRARY_PATH} (the bundled CPU build's own directory stands in for one), and the
 * message when natives can neither be found nor fetched.
 */
class TorchChoiceTest {

    @TempDir
    Path temp;

    private static final Path ROOT = Path.of(System.getProperty("hebbkit.project.root", "../..")).toAbsolutePath().normalize();

    private record Run(int status, String out) {}

    private static Run run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PYTORCH_") || name.equals("HEBBKIT_TORCH")
                || name.equals("DJL_CACHE_DIR"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "still running: " + command);
        return new Run(process.exitValue(), out);
    }

    /** This JVM's class path without the bundled CPU natives. */
    private static String classpathWithoutNatives() {
        return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("pytorch-native-cpu"))
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private static List<String> doctor(String classpath) {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true", "-cp", classpath, "org.hebbkit.cli.HebbKitCommand",
                "doctor", "--steps", "1"));
    }

    @Test
    void theLauncherRefusesAChoiceItDoesNotKnowBeforeDoingAnything() throws Exception {
        Path launcher = ROOT.resolve("hebbkit");
        Assumptions.assumeTrue(Files.isRegularFile(launcher), "no launcher at " + launcher);
        Run bogus = run(List.of("bash", launcher.toString(), "doctor"), Map.of("HEBBKIT_TORCH", "cuda"));
        assertEquals(2, bogus.status(), bogus.out());
        assertEquals("hebbkit: HEBBKIT_TORCH must be bundled, download or system, got 'cuda'", bogus.out().strip());
        Run system = run(List.of("bash", launcher.toString(), "doctor"),
                Map.of("HEBBKIT_TORCH", "system", "PYTORCH_LIBRARY_PATH", temp.toString()));
        assertEquals(2, system.status(), system.out());
        assertEquals("hebbkit: HEBBKIT_TORCH=system needs PYTORCH_LIBRARY_PATH set to the directory holding libtorch.so"
                + " (got '" + temp + "'), with PYTORCH_VERSION and PYTORCH_FLAVOR (e.g. cu130); see bench/gpu",
                system.out().strip());
    }

    @Test
    void aLibtorchOnTheMachineIsUsedThroughPytorchLibraryPath() throws Exception {
        String bundled = EngineReport.current().libtorchDirectory();
        Assumptions.assumeTrue(Files.isRegularFile(Path.of(bundled, "libtorch.so")), "no libtorch directory: " + bundled);
        Run doctor = run(doctor(classpathWithoutNatives()), Map.of("PYTORCH_LIBRARY_PATH", bundled,
                "PYTORCH_VERSION", "2.7.1", "PYTORCH_FLAVOR", "cpu", "DJL_CACHE_DIR", temp.resolve("cache").toString()));
        assertEquals(0, doctor.status(), doctor.out());
        assertTrue(doctor.out().contains("libtorch: flavour cpu, found through PYTORCH_LIBRARY_PATH, loaded from "
                + bundled + "\n"), doctor.out());
        assertTrue(doctor.out().contains("  " + bundled + "/libtorch_cpu.so\n"), doctor.out());
        assertTrue(doctor.out().contains("SoftHebb step on cpu "), doctor.out());
    }

    @Test
    void nativesThatCannotBeFetchedOfflineGiveOneClearLine() throws Exception {
        Run doctor = run(doctor(classpathWithoutNatives()), Map.of("DJL_CACHE_DIR", temp.resolve("empty").toString()));
        assertEquals(1, doctor.status(), doctor.out());
        assertTrue(doctor.out().strip().startsWith("hebbkit: the PyTorch engine did not start: "), doctor.out());
        assertTrue(doctor.out().contains("HEBBKIT_TORCH=download fetches libtorch from https://publish.djl.ai once"),
                doctor.out());
        assertEquals(1, doctor.out().strip().lines().count(), "one line, no stack trace:\n" + doctor.out());
    }
}
