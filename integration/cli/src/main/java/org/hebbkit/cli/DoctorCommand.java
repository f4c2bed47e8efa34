package org.hebbkit.cli;

import org.hebbkit.run.Range;
import org.hebbkit.run.Arguments;
import org.hebbkit.run.CommandLines;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hebbkit.model.Devices;
import org.hebbkit.model.EngineReport;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.model.Preset;
import org.hebbkit.model.Presets;
import org.hebbkit.nn.HebbianBlock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hebbkit doctor}: which engine and libtorch this installation runs, where the natives came from, the devices
 * the engine sees, one timed SoftHebb step on each, and, when the requested device is not usable, what to change.
 * Exit status 0 when the requested device works, 1 when it does not (with the reason), 2 for a device name that is
 * not one.
 */
@Command(name = "doctor", description = "Check the engine and devices: libtorch version and flavour, where the natives"
        + " came from, the devices seen, a timed SoftHebb step on each; what to change when the requested device is not"
        + " used. Exit 0 when it works, 1 when it does not.")
final class DoctorCommand implements Callable<Integer> {

    /** The step timed on each device: SoftHebb's CIFAR-10 first block learning, batch 10. */
    static final String STEP_PRESET = "softhebb-cifar10-1layer";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--device", defaultValue = "auto", description = "Device that must work: cpu, gpu, gpu:N or auto"
            + " (default ${DEFAULT-VALUE}).")
    private String deviceName;

    @Option(names = "--steps", defaultValue = "5", description = "Timed steps per device (default ${DEFAULT-VALUE}),"
            + " after 2 untimed ones.")
    @Range(min = 1)
    private int steps;

    @Override
    public Integer call() {
        Arguments.check(spec, () -> {
            if (steps < 1) {
                throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
            }
        });
        String lower = deviceName == null ? "" : deviceName.toLowerCase(Locale.ROOT);
        if (!lower.matches("cpu|auto|gpu|gpu:.*")) {
            Arguments.check(spec, () -> Devices.parse(deviceName));
        }
        PrintWriter out = spec.commandLine().getOut();
        EngineReport report = EngineReport.current();
        out.printf("engine: %s (DJL %s)%n", report.engine(), report.djlVersion());
        out.printf("libtorch: flavour %s, found through %s, loaded from %s%n", report.flavour(), report.source(),
                report.libtorchDirectory());
        out.println("native libraries loaded:" + (report.libraries().isEmpty() ? " none listed (not Linux)" : ""));
        report.libraries().forEach(path -> out.println("  " + path));
        List<String> settings = new ArrayList<>();
        for (Map.Entry<String, String> setting : new java.util.TreeMap<>(report.settings()).entrySet()) {
            settings.add(setting.getKey() + "=" + setting.getValue());
        }
        out.println("settings: " + String.join(" ", settings));
        out.println("NVIDIA driver: " + (report.nvidiaDriver() == null
                ? "none loaded (/proc/driver/nvidia/version is missing)" : report.nvidiaDriver()));
        out.printf("devices the engine sees: cpu and %d GPU(s)%n", report.gpus());
        List<Device> devices = new ArrayList<>(List.of(Device.cpu()));
        for (int gpu = 0; gpu < report.gpus(); gpu++) {
            devices.add(Device.gpu(gpu));
        }
        for (Device device : devices) {
            out.println(timedStep(device));
        }
        Device requested;
        try {
            requested = Devices.parse(deviceName);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().startsWith("device " + deviceName + " asked for")) {
                throw new Arguments.BadArgument(spec, e.getMessage(), e);
            }
            spec.commandLine().getErr().println("hebbkit: device " + deviceName + " does not work here: the engine sees "
                    + report.gpus() + " GPU(s). " + report.gpuAdvice());
            return 1;
        }
        if (report.gpus() == 0 && report.nvidiaDriver() != null) {
            // a GPU is expected here (a driver is loaded) but the engine does not use it
            out.println("note: an NVIDIA driver is loaded but the engine sees no GPU. " + report.gpuAdvice());
        }
        out.println(Devices.describe(deviceName, requested) + ": works");
        return 0;
    }

    /** Median time of a SoftHebb learning step on {@code device}, or why it failed. */
    private String timedStep(Device device) {
        String name = device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
        Preset preset = Presets.get(STEP_PRESET);
        try (HebbianNetwork network = HebbianNetwork.create(preset, device, 0)) {
            double[] millis = new double[steps];
            for (int step = -2; step < steps; step++) {
                try (NDManager scope = network.newScope()) {
                    NDArray images = scope.randomUniform(0, 1, new Shape(10).addAll(new Shape(preset.input().stream()
                            .mapToLong(Integer::longValue).toArray())));
                    long start = System.nanoTime();
                    network.blocks().get(0).forward(network.forward(images, 0), HebbianBlock.Phase.LEARN);
                    network.blocks().get(0).layer().weight().sum().getFloat(); // waits for the device
                    if (step >= 0) {
                        millis[step] = (System.nanoTime() - start) / 1e6;
                    }
                }
            }
            Arrays.sort(millis);
            return String.format(Locale.ROOT, "SoftHebb step on %s (%s block 1 learning, batch 10, random images):"
                    + " %.2f ms (median of %d)", name, STEP_PRESET, millis[steps / 2], steps);
        } catch (RuntimeException e) {
            return "SoftHebb step on " + name + " failed: " + CommandLines.describe(e);
        }
    }
}
