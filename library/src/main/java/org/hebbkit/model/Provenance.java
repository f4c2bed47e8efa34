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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.hebbkit.engine.MatMul;

/**
 * Where a model was made: the versions of the software and the machine it ran on, so that a saved model
 * or a run record says how to reproduce it (as Tribuo's {@code ModelProvenance}). {@link Checkpoint#save}
 * writes it into {@code model.json} under {@code "provenance"}; {@code hebbkit train} writes the same
 * object into {@code run.json}.
 *
 * <pre>{@code
 * Provenance provenance = Provenance.current(Engine.getInstance());
 * System.out.println(provenance.versions().engine());  // PyTorch 2.7.1
 * JsonObject json = provenance.toJson();   // {"versions": {...}, "machine": {...}, "numerics": {...}}
 * }</pre>
 *
 * <p>What a seed fixes: the same seed, configuration and versions give the same floats, bit for bit, only with the
 * same {@link Numerics}; two runs that differ there sum their products in another order, and Hebbian competition
 * turns that rounding difference into another trajectory within some tens of batches (docs/results.md, What a seed fixes).
 *
 * @param versions HebbKit, DJL, engine and Java versions
 * @param machine operating system, architecture, CPU, cores and memory
 * @param numerics what, besides the seed and the configuration, decides the order in which floats are summed
 */
public record Provenance(Versions versions, Machine machine, Numerics numerics) {

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
     * What chooses the kernels, and so the order of float sums: the processor's vendor, family and model (MKL picks its
     * code path by them), the instruction sets the math libraries dispatch on (oneDNN picks its kernels by them), the
     * engine's intra-op threads (how reductions are split) and HebbKit's matrix-product kernel ({@link MatMul}).
     *
     * @param cpuId {@code vendor_id}, {@code cpu family} and {@code model} from {@code /proc/cpuinfo}
     *     ({@code AuthenticAMD family 26 model 2}), or {@code unknown}
     * @param instructionSets those of {@link Provenance#INSTRUCTION_SETS} that the processor reports, in that order
     *     ({@code [sse4_2, avx, avx2, fma, avx512f, ...]}); empty where the JVM cannot tell
     * @param engineThreads the engine's intra-op threads as this process configures them
     * @param matmul the learning step's product kernel as it resolves here ({@link MatMul#describe()})
     */
    public record Numerics(String cpuId, List<String> instructionSets, int engineThreads, String matmul) {

        /** Copies the list; at least one engine thread. */
        public Numerics {
            instructionSets = List.copyOf(instructionSets);
            if (engineThreads < 1) {
                throw new IllegalArgumentException("engineThreads must be at least 1, got " + engineThreads);
            }
        }

        /** This process, now. */
        public static Numerics current() {
            List<String> lines = cpuInfo();
            String vendor = field(lines, "vendor_id");
            String family = field(lines, "cpu family");
            String model = field(lines, "model");
            String cpuId = vendor == null ? "unknown"
                    : vendor + (family == null ? "" : " family " + family) + (model == null ? "" : " model " + model);
            String flags = field(lines, "flags");
            if (flags == null) {
                flags = field(lines, "Features");   // aarch64
            }
            return new Numerics(cpuId, instructionSets(flags), MatMul.engineThreads(), MatMul.describe());
        }

        /** The entries of {@link #INSTRUCTION_SETS} found in a {@code flags} line, in that list's order. */
        static List<String> instructionSets(String flags) {
            if (flags == null) {
                return List.of();
            }
            Set<String> present = new HashSet<>(Arrays.asList(flags.trim().split("\\s+")));
            List<String> found = new ArrayList<>();
            for (String set : INSTRUCTION_SETS) {
                if (present.contains(set)) {
                    found.add(set);
                }
            }
            return found;
        }
    }

    /**
     * The vector instruction sets that the engine's libraries choose kernels by, as {@code /proc/cpuinfo} names them:
     * x86-64's from SSE 4.2 to AMX, aarch64's NEON ({@code asimd}, {@code asimddp}) and SVE.
     */
    public static final List<String> INSTRUCTION_SETS = List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw",
            "avx512vl", "avx512_vnni", "avx512_bf16", "avx512_fp16", "amx_tile", "amx_bf16", "amx_int8", "asimd",
            "asimddp", "sve", "sve2");

    /**
     * The provenance of work done now, in this JVM, on {@code engine}.
     *
     * @param engine the engine the model runs on (e.g. {@code network.manager().getEngine()})
     */
    public static Provenance current(Engine engine) {
        Versions versions = new Versions(hebbkitVersion(), Engine.getDjlVersion(),
                engine.getEngineName() + " " + engine.getVersion(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return new Provenance(versions, Machine.current(), Numerics.current());
    }

    /**
     * As JSON: {@code {"versions": {"hebbkit", "djl", "engine", "java"}, "machine": {"os", "arch", "cpu",
     * "cores", "memory_bytes"}, "numerics": {"cpu_id", "instruction_sets", "engine_threads", "matmul"}}}.
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
        String model = field(cpuInfo(), "model name");
        return model == null ? "unknown" : model;
    }

    /** The lines of {@code /proc/cpuinfo}'s first processor, or none where there is no such file (not Linux). */
    private static List<String> cpuInfo() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.takeWhile(line -> !line.isBlank()).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    /** The value of {@code name : value} among {@code lines}, or {@code null}. */
    static String field(List<String> lines, String name) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static long physicalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }
}
