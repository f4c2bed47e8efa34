package org.hebbkit.model;

import ai.djl.Device;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Coverage-guided fuzzing (Jazzer) of the library's file readers: a checkpoint's {@code model.json}, its weights
 * file (an {@code .npz} whose hash {@code model.json} records, so that the NumPy decoding is reached), and preset
 * JSON. A checkpoint either loads or throws an {@link IOException} naming the file; a preset either parses or
 * throws an {@link IllegalArgumentException} naming the field. Any other exception, an {@code OutOfMemoryError} or
 * a hang is a finding.
 *
 * <p>Plain {@code mvn verify} runs the stored inputs (regression mode); {@code JAZZER_FUZZ=1} fuzzes for
 * {@code maxDuration} (docs/reliability.md).
 */
class ReadersFuzzTest {

    /** One tiny dense layer, so that building the network for each input costs little. */
    private static final String PRESET = """
            {"name": "fuzz", "dataset": "mnist", "input": [1, 2, 2], "training": "hebbian",
             "blocks": [{"batchNorm": false, "outChannels": 2, "conv": null, "competition": {"type": "hard-wta"},
               "rule": {"type": "softhebb"}, "learningRate": {"type": "constant", "rate": 0.1},
               "normaliseUpdate": false, "renormalise": false, "preTriangle": false,
               "activation": {"type": "relu"}, "pooling": null, "init": {"kind": "uniform", "radius": 1}}],
             "unsupervised": {"mode": "successive", "epochs": 1, "batchSize": 1},
             "probe": {"epochs": 1, "batchSize": 1, "learningRate": 0.001, "dropout": 0.0, "milestones": [],
               "evalBatchSize": 1}}
            """;

    private static Path directory;

    @FuzzTest(maxDuration = "30s")
    void libraryReaders(FuzzedDataProvider data) throws Exception {
        int reader = data.consumeInt(0, 2);
        if (reader == 2) {
            String json = data.consumeRemainingAsString();
            try {
                Presets.fromJson(json);
            } catch (IllegalArgumentException e) {
                requireMessage(e.getMessage(), "preset");
            }
            return;
        }
        Path checkpoint = directory();
        if (reader == 0) {
            // model.json from the fuzzer, beside a weights file it may or may not name
            Files.writeString(checkpoint.resolve(Checkpoint.MODEL), data.consumeRemainingAsString());
            Files.write(checkpoint.resolve("weights-0000000000000000.npz"), new byte[] {'P', 'K', 3, 4});
        } else {
            // the weights from the fuzzer, named with their true hash by an otherwise valid model.json
            byte[] weights = data.consumeRemainingAsBytes();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(weights));
            String name = "weights-" + hash.substring(0, 16) + ".npz";
            Files.write(checkpoint.resolve(name), weights);
            JsonObject model = new JsonObject();
            model.addProperty("format", Checkpoint.FORMAT);
            model.addProperty("seed", 1);
            model.add("preset", JsonParser.parseString(PRESET));
            JsonObject stored = new JsonObject();
            stored.addProperty("file", name);
            stored.addProperty("sha256", hash);
            model.add("weights", stored);
            Files.writeString(checkpoint.resolve(Checkpoint.MODEL), model.toString(), StandardCharsets.UTF_8);
        }
        try (Checkpoint.Loaded loaded = Checkpoint.load(checkpoint, Device.cpu())) {
            loaded.network().featureCount();
        } catch (IOException e) {
            requireMessage(e.getMessage(), checkpoint.toString());
        } finally {
            try (var files = Files.list(checkpoint)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static synchronized Path directory() throws IOException {
        if (directory == null) {
            directory = Files.createTempDirectory("hebbkit-fuzz-checkpoint");
            directory.toFile().deleteOnExit();
        }
        return directory;
    }

    private static void requireMessage(String message, String mustName) {
        if (message == null || message.isBlank() || !message.contains(mustName)) {
            throw new AssertionError("unclear message (must name " + mustName + "): " + message);
        }
    }
}
