package org.hebbkit.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDirectoryTest {

    @Test
    void explicitBeatsPropertyBeatsEnvironmentBeatsHome() {
        Map<String, String> environment = Map.of(DataDirectory.ENVIRONMENT, "/from/env");
        assertEquals(Path.of("/explicit"), DataDirectory.resolve(Path.of("/explicit"), "/from/property", environment));
        assertEquals(Path.of("/from/property"), DataDirectory.resolve(null, "/from/property", environment));
        assertEquals(Path.of("/from/env"), DataDirectory.resolve(null, null, environment));
        assertEquals(Path.of(System.getProperty("user.home"), ".hebbkit", "datasets"),
                DataDirectory.resolve(null, " ", Map.of()));
    }
}
