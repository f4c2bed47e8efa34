package org.hebbkit.model;

import ai.djl.engine.Engine;
import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Where a model was made: the versions of the software and the machine it ran on, so that a saved model
 * or a run record says how to reproduce it (as Tribuo's {@code ModelProvenance}). {@link Checkpoint#save}
 * writes it into {@code model.json} under {@code "provenance"}; {@code hebbkit train} writes the same
 * object into {@code run.json}.
 *
 * <pre>{@code
 * Provenance provenance = Provenance.current(Engine.getInstance());
 * System.out.println(provenance.versions().engine());  // PyTorch 2.7.1
 * JsonObject json = provenance.toJson();               // {"versions": {...}, "machine": {...}}
 * }</pre>
 *
 * @param versions HebbKit, DJL, engine and Java versions
 * @param machine operating system, architecture, CPU, cores and memory
 */
public record Provenance(Versions versions, Machine machine) {

    /** Resource written by the build with the project's version. */
    static final String VERSION_RESOURCE = "hebbkit-version.properties";

    private static final Gson GSON = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .create();

    /**
     * Software versions.
     *
     * @param hebbkit HebbKit's version ({@code 0.1.0-SNAPSHOT}), from the build
     * @param djl DJL's version ({@code 0.35.1})
     * @param engine engine name and native library version ({@code PyTorch 2.7.1}: the libtorch version)
     * @param java virtual machine and Java version ({@code OpenJDK 64-Bit Server VM 17.0.15})
     */
    public record Versions(String hebbkit, String djl, String engine, String java) {}

    /**
     * The machine.
     *
     * @param os operating system name and version ({@code Linux 6.1.0})
     * @param arch architecture as Java names it ({@code amd64}, {@code aarch64})
     * @param cpu CPU model ({@code /proc/cpuinfo}'s model name), or {@code unknown}
     * @param cores processors available to the JVM
     * @param memoryBytes physical memory (or the container's limit) in bytes, -1 where the JVM cannot tell
     */
    public record Machine(String os, String arch, String cpu, int cores, long memoryBytes) {

        /** This machine, as this JVM sees it. */
        public static Machine current() {
            return new Machine(System.getProperty("os.name") + " " + System.getProperty("os.version"),
                    System.getProperty("os.arch"), cpuModel(), Runtime.getRuntime().availableProcessors(),
                    physicalMemoryBytes());
        }
    }

    /**
     * The provenance of work done now, in this JVM, on {@code engine}.
     *
     * @param engine the engine the model runs on (e.g. {@code network.manager().getEngine()})
     */
    public static Provenance current(Engine engine) {
        Versions versions = new Versions(hebbkitVersion(), Engine.getDjlVersion(),
                engine.getEngineName() + " " + engine.getVersion(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return new Provenance(versions, Machine.current());
    }

    /**
     * As JSON: {@code {"versions": {"hebbkit", "djl", "engine", "java"}, "machine": {"os", "arch", "cpu",
     * "cores", "memory_bytes"}}}.
     */
    public JsonObject toJson() {
        return GSON.toJsonTree(this).getAsJsonObject();
    }

    /** The version the build wrote into {@value #VERSION_RESOURCE}, else {@code unknown}. */
    public static String hebbkitVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream(VERSION_RESOURCE)) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The first {@code model name} of {@code /proc/cpuinfo} (Linux), else {@code unknown}. */
    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException | UncheckedIOException e) {
            return "unknown";
        }
    }

    private static long physicalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }
}
