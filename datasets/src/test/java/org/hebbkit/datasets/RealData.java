package org.hebbkit.datasets;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the real benchmark files for tests. With {@code HEBBKIT_REQUIRE_DATA=1} (as in CI) missing
 * data fails the test; otherwise the test is skipped with a message saying how to get the data. The front ends'
 * tests use it too (this module's test jar holds it).
 */
public final class RealData {

    private RealData() {}

    /**
     * The data directory holding {@code relativePath}, or a skip/failure when it is absent. A relative
     * {@code HEBBKIT_DATA} is taken from the project root (the parent pom passes {@code hebbkit.project.root}
     * to the tests), not from this module's directory.
     */
    public static Path directoryWith(String relativePath) {
        Path directory = DataDirectory.resolve(null, Path.of(System.getProperty("hebbkit.project.root", "")));
        if (Files.isRegularFile(directory.resolve(relativePath))) {
            return directory;
        }
        String message = "Real dataset file " + relativePath + " not found in data directory " + directory
                + ". Set HEBBKIT_DATA (or -Dhebbkit.data) to a directory laid out like shared/datasets,"
                + " or download with Mnist.builder().optDownload(true) / hebbkit train --download.";
        if ("1".equals(System.getenv("HEBBKIT_REQUIRE_DATA"))) {
            fail(message + " HEBBKIT_REQUIRE_DATA=1, so missing data is a failure.");
        }
        Assumptions.abort(message);
        return directory;
    }
}
