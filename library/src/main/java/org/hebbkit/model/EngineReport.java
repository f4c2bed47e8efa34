package org.hebbkit.model;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the engine is and where its native libraries came from, as plain values: what {@code hebbkit doctor} prints,
 * and the advice when a GPU is asked for but not used. Reading it starts the engine.
 *
 * <p>How DJL 0.35.1 finds libtorch (its {@code LibUtils}): {@code PYTORCH_LIBRARY_PATH} (a directory holding
 * {@code libtorch.so}, with {@code PYTORCH_VERSION} and {@code PYTORCH_FLAVOR}) first; else the native jar on the
 * classpath (HebbKit bundles {@code pytorch-native-cpu}), copied once into DJL's cache; else a download from
 * {@code publish.djl.ai} into the cache ({@code DJL_CACHE_DIR}, default {@code ~/.djl.ai}), which
 * {@code -Dai.djl.offline=true} forbids. The JNI library ({@code libdjl_torch.so}) comes from the libtorch
 * directory, the cache ({@code pytorch/VERSION-FLAVOR-linux-x86_64/0.35.1-libdjl_torch.so}) or the
 * {@code pytorch-jni} jar, which holds builds for libtorch 2.7.1 only (cpu and cu128 on linux-x86_64).
 *
 * <pre>{@code
 * EngineReport report = EngineReport.current();
 * System.out.println(report.flavour());           // cpu
 * String advice = report.gpuAdvice();             // what to change to use a GPU, or null when one is used
 * }</pre>
 *
 * @param engine engine name and version ({@code PyTorch 2.7.1})
 * @param djlVersion DJL's version
 * @param libtorchDirectory the directory libtorch was loaded from, or {@code unknown}
 * @param flavour {@code cpu}, {@code cuNNN} (CUDA N.NN), or {@code unknown}
 * @param source how it was found: {@code PYTORCH_LIBRARY_PATH}, {@code bundled jar} or {@code DJL cache/download}
 * @param libraries the engine's native libraries mapped into this process (libtorch, c10, the JNI library)
 * @param gpus GPUs the engine sees
 * @param nvidiaDriver the NVIDIA kernel driver's version line, or {@code null} where none is loaded
 * @param settings the variables and properties that steer the choice, with their values ({@code unset} if absent)
 */
public record EngineReport(String engine, String djlVersion, String libtorchDirectory, String flavour, String source,
        List<String> libraries, int gpus, String nvidiaDriver, Map<String, String> settings) {

    /** The CUDA flavour whose JNI library the pytorch-jni jar holds for libtorch 2.7.1. */
    public static final String DOWNLOAD_FLAVOUR = "cu128";

    /** The environment variables and system properties DJL reads to choose its natives. */
    static final List<String> SETTINGS = List.of("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR",
            "DJL_CACHE_DIR", "CUDA_VISIBLE_DEVICES", "ai.djl.offline");

    private static final Pattern CACHE_DIRECTORY = Pattern.compile(".*-(cpu|cu\\d{3})(-precxx11)?-[a-z]+-[a-z0-9_]+");

    /** Copies the lists. */
    public EngineReport {
        libraries = List.copyOf(libraries);
        settings = Map.copyOf(settings);
    }

    /** The report of this JVM's engine (started if it was not). */
    public static EngineReport current() {
        Engine engine = Engine.getInstance();
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : SETTINGS) {
            String value = name.contains(".") ? System.getProperty(name) : System.getenv(name);
            if (value == null && !name.contains(".")) {
                value = System.getProperty(name);
            }
            settings.put(name, value == null || value.isEmpty() ? "unset" : value);
        }
        String directory = findLibtorchDirectory();
        String source = !"unset".equals(settings.get("PYTORCH_LIBRARY_PATH")) ? "PYTORCH_LIBRARY_PATH"
                : EngineReport.class.getClassLoader().getResource("native/lib/pytorch.properties") != null ? "bundled jar"
                : "DJL cache/download";
        return new EngineReport(engine.getEngineName() + " " + engine.getVersion(), Engine.getDjlVersion(), directory,
                flavourOf(directory, settings.get("PYTORCH_FLAVOR")), source, loadedLibraries(), engine.getGpuCount(),
                readNvidiaDriver(), settings);
    }

    /** Whether the loaded libtorch is a CUDA build. */
    public boolean cudaBuild() {
        return flavour.startsWith("cu");
    }

    /**
     * What to change to train on a GPU, or {@code null} when the engine sees one. Names the artifact, variable or
     * property at fault and the two ways to a CUDA libtorch (downloaded by DJL, or one already on the machine).
     */
    public String gpuAdvice() {
        if (gpus > 0) {
            return null;
        }
        StringBuilder advice = new StringBuilder();
        if (cudaBuild()) {
            advice.append("libtorch is a CUDA build (").append(flavour).append(") but sees no GPU: check the driver ("
                    + "nvidia-smi), CUDA_VISIBLE_DEVICES (").append(settings.get("CUDA_VISIBLE_DEVICES"))
                    .append("), and that the driver supports this CUDA version.");
            if (nvidiaDriver == null) {
                advice.append(" No NVIDIA driver is loaded (/proc/driver/nvidia/version is missing).");
            }
            return advice.toString();
        }
        advice.append("The engine runs the CPU build of libtorch (").append(flavour).append(", from ")
                .append(source).append(")");
        advice.append(nvidiaDriver == null ? "; no NVIDIA driver is loaded here (/proc/driver/nvidia/version is missing),"
                + " so this machine may have no usable GPU." : "; an NVIDIA driver is loaded (" + nvidiaDriver + ").");
        advice.append(" To use a GPU: (1) online, let DJL download libtorch ").append(engineVersion())
                .append(" for CUDA (").append(DOWNLOAD_FLAVOUR).append(", cached in ")
                .append(cacheRoot()).append("/pytorch/").append(engineVersion()).append('-').append(DOWNLOAD_FLAVOUR)
                .append("-linux-x86_64): run the launcher with HEBBKIT_TORCH=download, or in your own build exclude"
                        + " ai.djl.pytorch:pytorch-native-cpu and run with -Dai.djl.offline=false PYTORCH_FLAVOR=")
                .append(DOWNLOAD_FLAVOUR).append("; (2) with a CUDA libtorch already on the machine (e.g. PyTorch's"
                        + " torch/lib): PYTORCH_LIBRARY_PATH=DIR PYTORCH_VERSION=V PYTORCH_FLAVOR=cuNNN and a"
                        + " libdjl_torch.so built for that libtorch (bench/gpu/gpu.sh build-jni; DJL 0.35.1's own builds"
                        + " are for libtorch 2.7.1 only).");
        return advice.toString();
    }

    private String engineVersion() {
        int space = engine.lastIndexOf(' ');
        return space < 0 ? engine : engine.substring(space + 1);
    }

    private String cacheRoot() {
        String cache = settings.get("DJL_CACHE_DIR");
        return "unset".equals(cache) ? System.getProperty("user.home") + "/.djl.ai" : cache;
    }

    /** The libtorch directory DJL's PyTorch engine loaded (its public {@code LibUtils}, found at run time). */
    private static String findLibtorchDirectory() {
        try {
            Object path = Class.forName("ai.djl.pytorch.jni.LibUtils").getMethod("getLibtorchPath").invoke(null);
            return path == null ? "unknown" : path.toString();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return "unknown";
        }
    }

    /**
     * The flavour in the name of DJL's cache directory ({@code 2.7.1-20250812-cpu-linux-x86_64}: what was actually
     * loaded, even where a {@code PYTORCH_FLAVOR} asked for another and DJL fell back); else {@code PYTORCH_FLAVOR} when
     * set (a directory of one's own, {@code PYTORCH_LIBRARY_PATH}); else {@code cuda} or {@code cpu} after whether a
     * CUDA library lies beside libtorch.
     */
    static String flavourOf(String directory, String flavourSetting) {
        if (!"unknown".equals(directory)) {
            Path name = Path.of(directory).getFileName();
            Matcher matcher = CACHE_DIRECTORY.matcher(name == null ? "" : name.toString());
            if (matcher.matches()) {
                return matcher.group(1);
            }
        }
        if (flavourSetting != null && !"unset".equals(flavourSetting)) {
            return flavourSetting.toLowerCase(Locale.ROOT).replace("-precxx11", "");
        }
        if ("unknown".equals(directory)) {
            return "unknown";
        }
        return Files.exists(Path.of(directory, "libtorch_cuda.so")) ? "cuda" : "cpu";
    }

    /** The engine's shared libraries in {@code /proc/self/maps} (Linux; empty elsewhere). */
    private static List<String> loadedLibraries() {
        List<String> libraries = new ArrayList<>();
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            lines.map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(path -> path.startsWith("/") && path.contains(".so"))
                    .filter(path -> {
                        String name = path.substring(path.lastIndexOf('/') + 1);
                        return name.contains("torch") || name.startsWith("libc10") || name.contains("cudart");
                    })
                    .distinct().forEach(libraries::add);
        } catch (IOException | UncheckedIOException e) {
            // not Linux: nothing to list
        }
        return libraries;
    }

    /** The first line of {@code /proc/driver/nvidia/version}, or {@code null}. */
    private static String readNvidiaDriver() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/driver/nvidia/version"))) {
            return lines.findFirst().map(String::strip).orElse(null);
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }
}
