package org.hebbkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Preset JSON and a checkpoint written by an earlier HebbKit (the files under
 * {@code written-before-parts/}, made with {@link Configs#toJson} before {@link BlockSpec} was grouped into
 * parts) still read, and the same presets are written today byte for byte, with the same {@link Configs#paths}:
 * users' preset files, {@code --set} paths, run records and checkpoints do not change.
 */
class WrittenPresetsTest {

    private static final String FOLDER = "/org/hebbkit/model/written-before-parts/";

    /** SoftHebb conv, Miconi (preprocessing, masks, thresholds), Krotov and a fully connected SoftHebb preset. */
    private static final List<String> BUILT_IN = List.of("softhebb-cifar10-3layer", "miconi-cifar10-full", "krotov-mnist",
            "softhebb-mnist-mlp");

    @Test
    void builtInPresetsAreWrittenAsBefore() throws IOException {
        for (String name : BUILT_IN) {
            Preset preset = Presets.get(name);
            String written = resource(name + ".json");
            assertEquals(written, Configs.toJson(preset), name + ": the same text, field for field");
            assertEquals(preset, Presets.fromJson(written), name + ": the old file reads as the preset");
            assertEquals(lines(name + ".paths"), Configs.paths(preset), name + ": the same --set paths");
        }
    }

    /** A small preset with every block field set (batch norm, conv, pooling, preprocessing, mask) and a dense block. */
    @Test
    void aPresetWithEveryFieldReadsAndWritesAsBefore() throws IOException {
        String written = resource("tiny-parts.json");
        Preset preset = Presets.fromJson(written);
        assertEquals(written, Configs.toJson(preset));
        assertEquals(lines("tiny-parts.paths"), Configs.paths(preset));
    }

    @Test
    void aCheckpointWrittenBeforeLoads() throws IOException, URISyntaxException {
        Path directory = Path.of(WrittenPresetsTest.class.getResource(FOLDER + "checkpoint/" + Checkpoint.MODEL).toURI())
                .getParent();
        try (Checkpoint.Loaded loaded = Checkpoint.load(directory, Device.cpu())) {
            assertEquals(Presets.fromJson(resource("tiny-parts.json")), loaded.network().preset());
            assertEquals(7, loaded.network().seed());
        }
    }

    private static List<String> lines(String name) throws IOException {
        return resource(name).lines().toList();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = WrittenPresetsTest.class.getResourceAsStream(FOLDER + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
