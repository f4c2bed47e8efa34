package org.hebbkit.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDirectoryTest {

    @Test
    void explicitBeatsPropertyBeatsEnvironmentBeatsHome() {
        Map<String, String> environment = Map.of(DataDirectory.ENVIRONMENT, "/from/env");
        Path base = Path.of("/work/project");
        assertEquals(Path.of("/explicit"), DataDirectory.resolve(Path.of("/explicit"), "/from/property", environment, base));
        assertEquals(Path.of("/from/property"), DataDirectory.resolve(null, "/from/property", environment, base));
        assertEquals(Path.of("/from/env"), DataDirectory.resolve(null, null, environment, base));
        assertEquals(Path.of(System.getProperty("user.home"), ".hebbkit", "datasets"),
                DataDirectory.resolve(null, " ", Map.of(), base));
    }

    @Test
    void relativePathsAreTakenFromTheBase() {
        Path base = Path.of("/work/project");
        assertEquals(Path.of("/work/shared/datasets"),
                DataDirectory.resolve(null, null, Map.of(DataDirectory.ENVIRONMENT, "../shared/datasets"), base));
        assertEquals(Path.of("/work/project/data"), DataDirectory.resolve(null, "data", Map.of(), base));
        assertEquals(Path.of("/work/project/mine"), DataDirectory.resolve(Path.of("mine"), null, Map.of(), base));
        assertEquals(Path.of("").toAbsolutePath().resolve("data"), DataDirectory.resolve(Path.of("data")),
                "without a base, from the working directory");
    }
}
