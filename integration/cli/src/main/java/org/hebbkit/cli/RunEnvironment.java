package org.hebbkit.cli;

import ai.djl.engine.Engine;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Versions and machine facts for run records, and the process's peak resident memory. */
final class RunEnvironment {

    private RunEnvironment() {}

    /** HebbKit, DJL, engine and Java versions. */
    static JsonObject versions() {
        JsonObject versions = new JsonObject();
        String own = RunEnvironment.class.getPackage().getImplementationVersion();
        versions.addProperty("hebbkit", own == null ? "development" : own);
        versions.addProperty("djl", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        versions.addProperty("engine", engine.getEngineName() + " " + engine.getVersion());
        versions.addProperty("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return versions;
    }

    /** Operating system, cores, CPU model and memory. */
    static JsonObject machine() {
        JsonObject machine = new JsonObject();
        machine.addProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.addProperty("cores", Runtime.getRuntime().availableProcessors());
        machine.addProperty("cpu", procLine(Path.of("/proc/cpuinfo"), "model name"));
        machine.addProperty("memory", procLine(Path.of("/proc/meminfo"), "MemTotal"));
        return machine;
    }

    /** Peak resident set size of this process in bytes (VmHWM), or -1 where /proc is absent. */
    static long peakResidentBytes() {
        String line = procLine(Path.of("/proc/self/status"), "VmHWM");
        if (line.isEmpty()) {
            return -1;
        }
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024;
    }

    private static String procLine(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }

    /** A byte count for people: {@code 2.46 GB}. */
    static String bytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }
}
