package org.hebbkit.model;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Chooses the compute device: {@code cpu}, {@code gpu} or {@code auto} (the first GPU when the engine
 * sees one, else the CPU). Asking for a GPU where none is visible is an error, never a silent fallback.
 */
public final class Devices {

    private Devices() {}

    /**
     * @param name {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto}
     * @throws IllegalArgumentException for an unknown name, or a GPU the engine does not see
     */
    public static Device parse(String name) {
        int gpus = Engine.getInstance().getGpuCount();
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("cpu")) {
            return Device.cpu();
        }
        if (lower.equals("auto")) {
            return gpus > 0 ? Device.gpu() : Device.cpu();
        }
        if (lower.equals("gpu") || lower.startsWith("gpu:")) {
            int index = lower.equals("gpu") ? 0 : Integer.parseInt(lower.substring(4));
            if (index >= gpus) {
                throw new IllegalArgumentException("device " + name + " asked for, but the PyTorch engine sees "
                        + gpus + " GPU(s). The bundled native library is the CPU build (pytorch-native-cpu);"
                        + " put a CUDA build (pytorch-native-cu*) on the classpath, or use --device cpu.");
            }
            return Device.gpu(index);
        }
        throw new IllegalArgumentException("Unknown device '" + name + "'. Valid devices: cpu, gpu, gpu:N, auto");
    }
}
