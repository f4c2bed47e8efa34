package org.hebbkit.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The process's peak resident memory, for run records and benchmarks. Versions and machine facts are the
 * library's {@link org.hebbkit.model.Provenance}.
 */
public final class ProcessMemory {

    private ProcessMemory() {}

    /** Peak resident set size of this process in bytes ({@code VmHWM}), or -1 where /proc is absent. */
    public static long peakResidentBytes() {
        return status("VmHWM:");
    }

    /** Resident set size of this process now, in bytes ({@code VmRSS}), or -1 where /proc is absent. */
    public static long residentBytes() {
        return status("VmRSS:");
    }

    private static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    String[] parts = line.substring(field.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** This machine's physical memory in bytes, or {@code Long.MAX_VALUE} where the JVM cannot tell. */
    public static long physicalBytes() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean system && system.getTotalMemorySize() > 0) {
            return system.getTotalMemorySize();
        }
        return Long.MAX_VALUE;
    }

    /** A byte count for people: {@code 2.46 GB}. */
    public static String bytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }
}
