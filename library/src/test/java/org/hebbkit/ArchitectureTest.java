package org.hebbkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hebbkit.model.HebbianNetwork;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between the library's packages point one way: {@code train -> model -> nn -> rule}.
 * Each compiled class is read as bytes: a class that uses another, by import or by fully qualified name,
 * names it in its constant pool ({@code org/hebbkit/train/LinearProbe}); javadoc links leave no trace.
 */
class ArchitectureTest {

    @Test
    void modelDoesNotDependOnTrain() throws IOException {
        assertNoDependency("model", "train");
    }

    @Test
    void nnDependsOnNeitherModelNorTrain() throws IOException {
        assertNoDependency("nn", "model", "train");
    }

    @Test
    void ruleDependsOnNeitherModelNorTrain() throws IOException {
        assertNoDependency("rule", "model", "train");
    }

    private static void assertNoDependency(String from, String... forbidden) throws IOException {
        Map<String, byte[]> classes = compiledClasses(from);
        assertFalse(classes.isEmpty(), "no compiled classes found for org.hebbkit." + from);
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            String constants = new String(entry.getValue(), StandardCharsets.ISO_8859_1);
            for (String target : forbidden) {
                if (constants.contains("org/hebbkit/" + target + "/")) {
                    violations.add(entry.getKey() + " uses org.hebbkit." + target);
                }
            }
        }
        assertEquals(List.of(), violations, "org.hebbkit." + from + " must not depend on org.hebbkit."
                + String.join(" or org.hebbkit.", forbidden));
    }

    /** Class file to bytes, for every class of {@code org.hebbkit.<name>} and its subpackages (a directory or a jar). */
    private static Map<String, byte[]> compiledClasses(String name) throws IOException {
        Path location;
        try {
            location = Path.of(HebbianNetwork.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the library's classes", e);
        }
        if (Files.isDirectory(location)) {
            return read(location.resolve("org/hebbkit").resolve(name));
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return read(jar.getPath("org/hebbkit", name));
        }
    }

    private static Map<String, byte[]> read(Path directory) throws IOException {
        Map<String, byte[]> classes = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return classes;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(file -> file.toString().endsWith(".class")).toList()) {
                classes.put(directory.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return classes;
    }
}
