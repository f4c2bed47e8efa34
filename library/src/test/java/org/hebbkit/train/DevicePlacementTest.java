package org.hebbkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hebbkit.model.Checkpoint;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.model.LinearReadout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every array of a trained network (weights, rule state, batch-norm statistics), of its cached features, of its probe
 * and of its checkpoint once restored lives on the device the run asked for: on the CPU here, and on every GPU the
 * engine sees where there are any (so that no step silently moves work to the CPU).
 */
class DevicePlacementTest {

    @TempDir
    Path temp;

    private static List<Device> devices() {
        List<Device> devices = new ArrayList<>(List.of(Device.cpu()));
        for (int gpu = 0; gpu < Engine.getInstance().getGpuCount(); gpu++) {
            devices.add(Device.gpu(gpu));
        }
        return devices;
    }

    private static void assertOn(Device device, List<NDArray> arrays, String what) {
        assertFalse(arrays.isEmpty(), what + ": no arrays");
        for (NDArray array : arrays) {
            assertEquals(device, array.getDevice(), what + ": " + array.getName() + " " + array.getShape());
        }
    }

    private static List<NDArray> arrays(HebbianNetwork network, LinearReadout readout) {
        List<NDArray> arrays = new ArrayList<>(network.namedState());
        arrays.add(readout.weight());
        arrays.add(readout.bias());
        return arrays;
    }

    @Test
    void aRunItsFeaturesItsProbeAndItsRestoredCheckpointStayOnTheDevice() throws Exception {
        LabelledImages train = TinyData.images(80, 1);
        LabelledImages test = TinyData.images(40, 2);
        for (Device device : devices()) {
            PresetRun.Result result = PresetRun.builder().setPreset(TinyData.preset()).optSeed(1).optDevice(device)
                    .build().run(train, test);
            try (HebbianNetwork network = result.network()) {
                assertEquals(device, network.manager().getDevice());
                assertOn(device, arrays(network, result.readout()), "trained on " + device);
                try (Features features = FeatureExtractor.extract(network, test, 16, DataType.FLOAT16, null, "test");
                        NDManager scope = network.newScope()) {
                    assertOn(device, List.of(features.rows(scope, new int[] {0, 3, 5})), "features on " + device);
                }
                Path saved = temp.resolve("model-" + device.getDeviceType() + device.getDeviceId());
                Checkpoint.save(saved, network, result.readout(), null);
                try (Checkpoint.Loaded loaded = Checkpoint.load(saved, device)) {
                    assertOn(device, arrays(loaded.network(), loaded.readout()), "restored on " + device);
                }
            }
        }
    }
}
