package org.hebbkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hebbkit.model.HebbianNetwork;
import org.junit.jupiter.api.Test;

/**
 * The modules' arrows point down, read from the project's own files: each module's {@code pom.xml} (its HebbKit
 * dependencies outside the test scope) and its main sources (every {@code org.hebbkit...} name a Java or Kotlin file
 * imports or spells out). The layers, lowest first:
 *
 * <pre>
 * datasets, library        the bottom: images in, tensors out
 * reports                  report.html, charts, unit grids (for every front end)
 * study                    one training run (org.hebbkit.run) and the study engine (org.hebbkit.sweep)
 * jupyter, cli, spark      the front ends: none uses another
 * </pre>
 *
 * A module may use only modules of lower layers, and its sources only packages of itself and of the modules it
 * depends on (directly or not); a package lives in one module; packages form no cycle.
 */
class ModuleArchitectureTest {

    /** Each module's layer; a module not listed here fails the test until it is placed. */
    private static final Map<String, Integer> LAYERS = Map.of("hebbkit-datasets", 0, "hebbkit-library", 0,
            "hebbkit-reports", 1, "hebbkit-study", 2, "hebbkit-jupyter", 3, "hebbkit-cli", 3, "hebbkit-spark", 3);

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>(hebbkit-[a-z-]+)</artifactId>");
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.hebbkit\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern PACKAGE = Pattern.compile("^package (org\\.hebbkit[a-z.]*)", Pattern.MULTILINE);

    /** A module: its artifact, folder, HebbKit dependencies (not test scope), and the packages its sources declare. */
    private record Module(String artifact, Path folder, Set<String> dependencies, Set<String> packages) {}

    @Test
    void modulesDependOnLowerLayersOnly() throws IOException {
        Map<String, Module> modules = modules();
        assertTrue(modules.size() >= 7, "found only " + modules.keySet());
        List<String> violations = new ArrayList<>();
        for (Module module : modules.values()) {
            Integer layer = LAYERS.get(module.artifact());
            if (layer == null) {
                violations.add(module.artifact() + " has no layer: place it in ModuleArchitectureTest.LAYERS");
                continue;
            }
            for (String dependency : module.dependencies()) {
                Integer below = LAYERS.get(dependency);
                if (below == null || below >= layer) {
                    violations.add(module.artifact() + " (layer " + layer + ") depends on " + dependency + " (layer " + below + ")");
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void sourcesUseOnlyThePackagesOfTheirModuleAndItsDependencies() throws IOException {
        Map<String, Module> modules = modules();
        Map<String, String> owner = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        for (Module module : modules.values()) {
            for (String name : module.packages()) {
                String previous = owner.put(name, module.artifact());
                if (previous != null && !previous.equals(module.artifact())) {
                    violations.add("package " + name + " is split between " + previous + " and " + module.artifact());
                }
            }
        }
        for (Module module : modules.values()) {
            Set<String> allowed = new TreeSet<>(module.packages());
            for (String dependency : closure(module.artifact(), modules)) {
                allowed.addAll(modules.get(dependency).packages());
            }
            for (Map.Entry<Path, Set<String>> file : references(module.folder(), false).entrySet()) {
                for (String used : file.getValue()) {
                    String usedOwner = owner.get(used);
                    if (usedOwner != null && !allowed.contains(used)) {
                        violations.add(module.folder().relativize(file.getKey()) + " in " + module.artifact() + " uses "
                                + used + " of " + usedOwner);
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    /** Code only: a javadoc link to a package above is documentation, not a dependency (as {@link ArchitectureTest}). */
    @Test
    void packagesFormNoCycle() throws IOException {
        Map<String, Set<String>> edges = new TreeMap<>();
        for (Module module : modules().values()) {
            for (Map.Entry<Path, Set<String>> file : references(module.folder(), true).entrySet()) {
                String from = packageOf(file.getKey());
                for (String used : file.getValue()) {
                    if (!used.equals(from) && !used.startsWith(from + ".")) {
                        edges.computeIfAbsent(from, k -> new TreeSet<>()).add(used);
                    }
                }
            }
        }
        List<String> cycles = new ArrayList<>();
        for (String start : edges.keySet()) {
            List<String> path = cycleThrough(start, edges);
            if (path != null) {
                cycles.add(String.join(" -> ", path));
            }
        }
        assertEquals(List.of(), cycles, "packages that use each other");
    }

    /** A shortest cycle from {@code start} back to itself, or null. */
    private static List<String> cycleThrough(String start, Map<String, Set<String>> edges) {
        Map<String, String> parent = new LinkedHashMap<>();
        List<String> queue = new ArrayList<>(List.of(start));
        for (int i = 0; i < queue.size(); i++) {
            String at = queue.get(i);
            for (String next : edges.getOrDefault(at, Set.of())) {
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String step = at; step != null && !step.equals(start); step = parent.get(step)) {
                        path.add(1, step);
                    }
                    path.add(start);
                    return path;
                }
                if (!parent.containsKey(next)) {
                    parent.put(next, at);
                    queue.add(next);
                }
            }
        }
        return null;
    }

    private static Set<String> closure(String artifact, Map<String, Module> modules) {
        Set<String> seen = new TreeSet<>();
        List<String> queue = new ArrayList<>(modules.get(artifact).dependencies());
        while (!queue.isEmpty()) {
            String next = queue.remove(queue.size() - 1);
            if (seen.add(next) && modules.containsKey(next)) {
                queue.addAll(modules.get(next).dependencies());
            }
        }
        return seen;
    }

    /** Every module with sources, by artifact, found from the root pom's {@code <module>} lists. */
    private static Map<String, Module> modules() throws IOException {
        Map<String, Module> modules = new TreeMap<>();
        collect(root(), modules);
        return modules;
    }

    private static void collect(Path folder, Map<String, Module> modules) throws IOException {
        String pom = Files.readString(folder.resolve("pom.xml"), StandardCharsets.UTF_8);
        String withoutParent = pom.replaceAll("(?s)<parent>.*?</parent>", "");
        Matcher artifact = ARTIFACT.matcher(withoutParent);
        if (artifact.find() && Files.isDirectory(folder.resolve("src/main"))) {
            Set<String> dependencies = new TreeSet<>();
            Matcher dependency = DEPENDENCY.matcher(withoutParent.replaceAll("(?s)<dependencyManagement>.*?</dependencyManagement>", ""));
            while (dependency.find()) {
                Matcher name = ARTIFACT.matcher(dependency.group(1));
                if (name.find() && !dependency.group(1).contains("<scope>test</scope>")) {
                    dependencies.add(name.group(1));
                }
            }
            Set<String> packages = new TreeSet<>();
            for (Path source : sources(folder)) {
                packages.add(packageOf(source));
            }
            modules.put(artifact.group(1), new Module(artifact.group(1), folder, dependencies, packages));
        }
        Matcher module = MODULE.matcher(pom);
        while (module.find()) {
            collect(folder.resolve(module.group(1)), modules);
        }
    }

    /**
     * The {@code org.hebbkit} packages each main source file names; with {@code codeOnly} comments are left out,
     * otherwise a javadoc link counts too (its target must be on the module's class path for the API reference).
     */
    private static Map<Path, Set<String>> references(Path folder, boolean codeOnly) throws IOException {
        Map<Path, Set<String>> references = new TreeMap<>();
        for (Path source : sources(folder)) {
            Set<String> used = new TreeSet<>();
            String text = Files.readString(source, StandardCharsets.UTF_8);
            if (codeOnly) {
                text = COMMENT.matcher(text).replaceAll(" ");
            }
            Matcher reference = REFERENCE.matcher(text);
            while (reference.find()) {
                used.add("org.hebbkit." + reference.group(1));
            }
            references.put(source, used);
        }
        return references;
    }

    private static List<Path> sources(Path folder) throws IOException {
        Path main = folder.resolve("src/main");
        if (!Files.isDirectory(main)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(main)) {
            return files.filter(file -> file.toString().endsWith(".java") || file.toString().endsWith(".kt"))
                    .filter(file -> !file.getFileName().toString().equals("package-info.java")).sorted().toList();
        }
    }

    private static String packageOf(Path source) throws IOException {
        Matcher name = PACKAGE.matcher(Files.readString(source, StandardCharsets.UTF_8));
        return name.find() ? name.group(1) : "";
    }

    /** The project's root: the folder above the library's compiled classes' module holding the parent pom. */
    private static Path root() throws IOException {
        try {
            Path classes = Path.of(HebbianNetwork.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path folder = classes; folder != null; folder = folder.getParent()) {
                if (Files.isRegularFile(folder.resolve("pom.xml")) && Files.isDirectory(folder.resolve("library"))
                        && Files.isDirectory(folder.resolve("integration"))) {
                    return folder;
                }
            }
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the library's classes", e);
        }
        throw new IOException("cannot find the project's root above the library's classes");
    }
}
