package org.hebbkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void aGpuTheEngineDoesNotSeeIsRefused() {
        int gpus = Engine.getInstance().getGpuCount();
        String name = "gpu:" + gpus;
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Devices.parse(name));
        assertEquals("device " + name + " asked for, but the PyTorch engine sees " + gpus + " GPU(s)."
                + " The bundled native library is the CPU build (pytorch-native-cpu); put a CUDA build"
                + " (pytorch-native-cu*) on the classpath, or use --device cpu.", error.getMessage());
    }

    private static String message(String name) {
        return assertThrows(IllegalArgumentException.class, () -> Devices.parse(name)).getMessage();
    }
}
