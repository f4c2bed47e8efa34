package org.hebbkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hebbkit.model.EngineReport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code hebbkit doctor} on this machine's engine (the bundled CPU libtorch unless PYTORCH_LIBRARY_PATH says else). */
class DoctorTest {

    @Test
    void reportsTheEngineTheNativesAndATimedStepAndTheAutoChoiceWorks() {
        Cli cli = Cli.run("doctor", "--steps", "2");
        assertEquals(0, cli.status, cli.toString());
        assertTrue(cli.out.startsWith("engine: PyTorch 2.7.1 (DJL " + Engine.getDjlVersion() + ")\n"), cli.out);
        EngineReport report = EngineReport.current();
        assertTrue(cli.out.contains("libtorch: flavour " + report.flavour() + ", found through " + report.source()
                + ", loaded from " + report.libtorchDirectory() + "\n"), cli.out);
        assertTrue(Files.isDirectory(Path.of(report.libtorchDirectory())), report.libtorchDirectory());
        assertTrue(cli.out.lines().anyMatch(line -> line.startsWith("  /") && line.endsWith("libdjl_torch.so")), cli.out);
        assertTrue(cli.out.contains("\nsettings: CUDA_VISIBLE_DEVICES=") && cli.out.contains(" PYTORCH_LIBRARY_PATH="), cli.out);
        assertTrue(cli.out.contains("devices the engine sees: cpu and " + report.gpus() + " GPU(s)\n"), cli.out);
        assertTrue(cli.out.lines().anyMatch(line -> line.matches("SoftHebb step on cpu \\(softhebb-cifar10-1layer block 1"
                + " learning, batch 10, random images\\): \\d+\\.\\d\\d ms \\(median of 2\\)")), cli.out);
        assertTrue(cli.lastLine().matches("device auto: chose (cpu|gpu:0) .*: works"), cli.lastLine());
    }

    @Test
    void aGpuRequestOnACpuEngineFailsWithTheAdvice() {
        Assumptions.assumeTrue(Engine.getInstance().getGpuCount() == 0, "this machine's engine sees a GPU");
        Cli cli = Cli.run("doctor", "--device", "gpu", "--steps", "1");
        assertEquals(1, cli.status, cli.toString());
        assertTrue(cli.err.startsWith("hebbkit: device gpu does not work here: the engine sees 0 GPU(s). The engine"
                + " runs the CPU build of libtorch"), cli.err);
        assertTrue(cli.err.contains("HEBBKIT_TORCH=download") && cli.err.contains("PYTORCH_LIBRARY_PATH=DIR"), cli.err);
        assertTrue(cli.out.contains("SoftHebb step on cpu "), "the report is printed before the verdict:\n" + cli.out);
        Cli cpu = Cli.run("doctor", "--device", "cpu", "--steps", "1");
        assertEquals(0, cpu.status, cpu.toString());
        assertEquals("device cpu: works", cpu.lastLine());
    }

    @Test
    void aDeviceNameThatIsNotOneIsAnArgumentError() {
        Cli cli = Cli.run("doctor", "--device", "tpu");
        assertEquals(2, cli.status, cli.toString());
        assertEquals("hebbkit: Unknown device 'tpu'. Valid devices: cpu, gpu, gpu:N, auto", cli.err.strip());
        Cli index = Cli.run("doctor", "--device", "gpu:x");
        assertEquals(2, index.status, index.toString());
        assertTrue(index.err.startsWith("hebbkit: Bad device 'gpu:x'"), index.err);
        Cli steps = Cli.run("doctor", "--steps", "0");
        assertEquals(2, steps.status, steps.toString());
        assertEquals("hebbkit: --steps must be at least 1, got 0", steps.err.strip());
    }
}
