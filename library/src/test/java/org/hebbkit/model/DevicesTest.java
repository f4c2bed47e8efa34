package org.hebbkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

class DevicesTest {

    @Test
    void cpuAndAutoOnACpuEngine() {
        assertEquals(Device.cpu(), Devices.parse("cpu"));
        assertEquals(Device.cpu(), Devices.parse("CPU"));
        if (Engine.getInstance().getGpuCount() == 0) {
            assertEquals(Device.cpu(), Devices.parse("auto"));
        }
    }

    @Test
    void badGpuIndexNamesTheValueAndTheValidForms() {
        assertEquals("Bad device 'gpu:x': the N of gpu:N must be a GPU number 0, 1, 2, ..., got 'x'."
                + " Valid devices: cpu, gpu, gpu:N, auto", message("gpu:x"));
        assertEquals("Bad device 'gpu:-1': the N of gpu:N must be a GPU number 0, 1, 2, ..., got '-1'."
                + " Valid devices: cpu, gpu, gpu:N, auto", message("gpu:-1"));
        assertEquals("Bad device 'gpu:': the N of gpu:N must be a GPU number 0, 1, 2, ..., got ''."
                + " Valid devices: cpu, gpu, gpu:N, auto", message("gpu:"));
        assertEquals("Bad device 'gpu:99999999999': the N of gpu:N must be a GPU number 0, 1, 2, ..., got '99999999999'."
                + " Valid devices: cpu, gpu, gpu:N, auto", message("gpu:99999999999"));
    }

    @Test
    void missingOrUnknownNamesListTheValidForms() {
        assertEquals("device must be given, got null. Valid devices: cpu, gpu, gpu:N, auto", message(null));
        assertEquals("device must be given, got ''. Valid devices: cpu, gpu, gpu:N, auto", message(""));
        assertEquals("device must be given, got ' '. Valid devices: cpu, gpu, gpu:N, auto", message(" "));
        assertEquals("Unknown device 'tpu'. Valid devices: cpu, gpu, gpu:N, auto", message("tpu"));
    }

    @Test
    void aGpuTheEngineDoesNotSeeIsRefusedWithTheDoctorsAdvice() {
        int gpus = Engine.getInstance().getGpuCount();
        String name = "gpu:" + gpus;
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Devices.parse(name));
        String advice = gpus == 0 ? EngineReport.current().gpuAdvice() + " " : "";
        assertEquals("device " + name + " asked for, but the PyTorch engine sees " + gpus + " GPU(s). " + advice
                + "'hebbkit doctor --device " + name + "' checks the setup; or use --device cpu.", error.getMessage());
        if (gpus == 0) {
            assertTrue(error.getMessage().contains("HEBBKIT_TORCH=download"), error.getMessage());
            assertTrue(error.getMessage().contains("PYTORCH_LIBRARY_PATH=DIR"), error.getMessage());
        }
    }

    @Test
    void autoSaysWhichDeviceItChose() {
        Device chosen = Devices.parse("auto");
        String said = Devices.describe("auto", chosen);
        if (Engine.getInstance().getGpuCount() == 0) {
            assertEquals("device auto: chose cpu (the engine sees no GPU; 'hebbkit doctor --device gpu' says why)", said);
        } else {
            assertTrue(said.startsWith("device auto: chose gpu:0 (the engine sees "), said);
        }
        assertEquals("device cpu", Devices.describe("cpu", Device.cpu()));
        assertEquals("device gpu:1", Devices.describe("gpu:1", Device.gpu(1)));
    }

    private static String message(String name) {
        return assertThrows(IllegalArgumentException.class, () -> Devices.parse(name)).getMessage();
    }
}
