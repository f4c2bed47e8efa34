package org.hebbkit.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * Chooses the compute device: {@code cpu}, {@code gpu} (the first GPU), {@code gpu:N} (GPU number N,
 * from 0) or {@code auto} (the first GPU when the engine sees one, else the CPU). Asking for a GPU where
 * none is visible is an error, never a silent fallback.
 *
 * <pre>{@code
 * Device device = Devices.parse("gpu:1");
 * }</pre>
 */
public final class Devices {

    /** The accepted forms, as error messages list them. */
    static final String VALID = "Valid devices: cpu, gpu, gpu:N, auto";

    private Devices() {}

    /**
     * @param name {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto}, in any case
     * @throws IllegalArgumentException naming the value for a null, empty or unknown name, a GPU index that
     *     is not a non-negative integer, or a GPU the engine does not see
     */
    public static Device parse(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("device must be given, got " + (name == null ? "null" : "'" + name + "'") + ". "
                    + VALID);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("cpu")) {
            return Device.cpu();
        }
        if (lower.equals("auto")) {
            return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        }
        if (lower.equals("gpu") || lower.startsWith("gpu:")) {
            int index = lower.equals("gpu") ? 0 : gpuIndex(name, lower.substring("gpu:".length()));
            int gpus = Engine.getInstance().getGpuCount();
            if (index >= gpus) {
                String advice = gpus == 0 ? EngineReport.current().gpuAdvice() + " " : "";
                throw new IllegalArgumentException("device " + name + " asked for, but the PyTorch engine sees "
                        + gpus + " GPU(s). " + advice + "'hebbkit doctor --device " + lower + "' checks the setup;"
                        + " or use --device cpu.");
            }
            return Device.gpu(index);
        }
        throw new IllegalArgumentException("Unknown device '" + name + "'. " + VALID);
    }

    /**
     * What a device name chose, for the run's first lines: {@code auto} says which device it took and why
     * ({@code device auto: chose cpu (the engine sees no GPU; 'hebbkit doctor' says why)}); other names the device.
     *
     * @param name as given to {@link #parse}
     * @param device what {@link #parse} returned for it
     */
    public static String describe(String name, Device device) {
        String chosen = device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
        if (!"auto".equalsIgnoreCase(name)) {
            return "device " + chosen;
        }
        int gpus = Engine.getInstance().getGpuCount();
        return device.isGpu() ? "device auto: chose " + chosen + " (the engine sees " + gpus + " GPU(s))"
                : "device auto: chose cpu (the engine sees no GPU; 'hebbkit doctor --device gpu' says why)";
    }

    private static int gpuIndex(String name, String index) {
        if (index.matches("[0-9]{1,9}")) {
            return Integer.parseInt(index);
        }
        throw new IllegalArgumentException("Bad device '" + name + "': the N of gpu:N must be a GPU number 0, 1, 2, ...,"
                + " got '" + index + "'. " + VALID);
    }
}
