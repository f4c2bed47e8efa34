package org.hebbkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineReportTest {

    @TempDir
    Path temp;

    /** This build's engine: the bundled CPU libtorch 2.7.1, copied into DJL's cache, its libraries mapped. */
    @Test
    void reportsTheBundledCpuLibtorch() {
        EngineReport report = EngineReport.current();
        assertEquals("PyTorch 2.7.1", report.engine());
        assertEquals(Engine.getDjlVersion(), report.djlVersion());
        if (!"unset".equals(report.settings().get("PYTORCH_LIBRARY_PATH"))) {
            return; // a machine pointed at its own libtorch: the rest is about the bundled one
        }
        assertEquals("bundled jar", report.source());
        assertEquals("cpu", report.flavour());
        assertTrue(Files.isRegularFile(Path.of(report.libtorchDirectory(), "libtorch.so")), report.libtorchDirectory());
        assertTrue(report.libraries().stream().anyMatch(path -> path.endsWith("/libtorch_cpu.so")), report.libraries().toString());
        assertTrue(report.libraries().stream().anyMatch(path -> path.endsWith("libdjl_torch.so")), report.libraries().toString());
        assertEquals(java.util.Set.copyOf(EngineReport.SETTINGS), report.settings().keySet());
        assertEquals(Engine.getInstance().getGpuCount(), report.gpus());
    }

    @Test
    void flavourComesFromTheSettingTheCacheDirectoryOrTheLibrariesBeside() throws IOException {
        assertEquals("cpu", EngineReport.flavourOf("/root/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64", "unset"));
        assertEquals("cu128", EngineReport.flavourOf("/root/.djl.ai/pytorch/2.7.1-cu128-linux-x86_64", "unset"));
        assertEquals("cu124", EngineReport.flavourOf("/c/pytorch/2.5.1-cu124-precxx11-linux-x86_64", "unset"));
        assertEquals("cu130", EngineReport.flavourOf("/anything", "cu130-precxx11"));
        assertEquals("cpu", EngineReport.flavourOf("/c/pytorch/2.7.1-20250812-cpu-linux-x86_64", "cu128"),
                "what was loaded, not what was asked for");
        Path cuda = Files.createDirectories(temp.resolve("torch/lib"));
        assertEquals("cpu", EngineReport.flavourOf(cuda.toString(), "unset"));
        Files.createFile(cuda.resolve("libtorch_cuda.so"));
        assertEquals("cuda", EngineReport.flavourOf(cuda.toString(), "unset"));
        assertEquals("unknown", EngineReport.flavourOf("unknown", "unset"));
    }

    private static EngineReport report(String flavour, int gpus, String driver) {
        return new EngineReport("PyTorch 2.7.1", "0.35.1", "/lib", flavour, "bundled jar", List.of(), gpus, driver,
                Map.of("PYTORCH_LIBRARY_PATH", "unset", "CUDA_VISIBLE_DEVICES", "unset", "DJL_CACHE_DIR", "/cache"));
    }

    @Test
    void adviceNamesWhatToChange() {
        assertNull(report("cu128", 1, "NVRM version: 580").gpuAdvice(), "a GPU is seen: nothing to change");
        String cpu = report("cpu", 0, null).gpuAdvice();
        assertTrue(cpu.startsWith("The engine runs the CPU build of libtorch (cpu, from bundled jar); no NVIDIA driver"
                + " is loaded here"), cpu);
        assertTrue(cpu.contains("HEBBKIT_TORCH=download") && cpu.contains("exclude ai.djl.pytorch:pytorch-native-cpu")
                && cpu.contains("-Dai.djl.offline=false PYTORCH_FLAVOR=cu128")
                && cpu.contains("cached in /cache/pytorch/2.7.1-cu128-linux-x86_64"), cpu);
        assertTrue(cpu.contains("PYTORCH_LIBRARY_PATH=DIR PYTORCH_VERSION=V PYTORCH_FLAVOR=cuNNN")
                && cpu.contains("bench/gpu/gpu.sh build-jni"), cpu);
        String driver = report("cpu", 0, "NVRM version: NVIDIA UNIX x86_64 Kernel Module 580.65").gpuAdvice();
        assertTrue(driver.contains("an NVIDIA driver is loaded (NVRM version: NVIDIA UNIX x86_64 Kernel Module 580.65)"),
                driver);
        String cuda = report("cu128", 0, null).gpuAdvice();
        assertTrue(cuda.startsWith("libtorch is a CUDA build (cu128) but sees no GPU: check the driver (nvidia-smi),"
                + " CUDA_VISIBLE_DEVICES (unset)"), cuda);
        assertTrue(cuda.endsWith("No NVIDIA driver is loaded (/proc/driver/nvidia/version is missing)."), cuda);
    }
}
