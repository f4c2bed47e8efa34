package org.hebbkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.hebbkit.nn.HebbianBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @TempDir
    Path temp;

    @Test
    void saveThenLoadGivesTheSamePredictions() throws IOException {
        Preset preset = Presets.get("softhebb-cifar10-1layer");
        try (HebbianNetwork network = HebbianNetwork.create(preset, Device.cpu(), 3);
                NDManager data = NDManager.newBaseManager()) {
            data.getEngine().setRandomSeed(1);
            NDArray images = data.randomUniform(0, 1, new Shape(4, 3, 32, 32));
            try (NDManager scope = network.newScope()) {
                network.blocks().get(0).forward(images, HebbianBlock.Phase.LEARN);
            }
            NDManager readoutManager = network.manager().newSubManager();
            LinearReadout readout = new LinearReadout(readoutManager,
                    readoutManager.randomNormal(new Shape(10, 24_576)), readoutManager.randomNormal(new Shape(10)));
            float[] before = logits(network, readout, images);
            JsonObject metadata = new JsonObject();
            metadata.addProperty("test_accuracy", 0.5);
            Checkpoint.save(temp, network, readout, metadata);

            try (Checkpoint.Loaded loaded = Checkpoint.load(temp, Device.cpu())) {
                assertArrayEquals(before, logits(loaded.network(), loaded.readout(), images), 1e-4f);
                assertEquals(preset, loaded.network().preset());
                assertEquals(3, loaded.network().seed());
                assertEquals(0.5, loaded.metadata().get("test_accuracy").getAsDouble());
            }
        }
        try (Stream<Path> files = Files.list(temp)) {
            assertEquals(List.of(temp.resolve(Checkpoint.MODEL), Checkpoint.weightsFile(temp)),
                    files.sorted().toList(), "no temporary file is left behind");
        }
        assertTrue(Checkpoint.weightsFile(temp).getFileName().toString().matches("weights-[0-9a-f]{16}\\.npz"));
        try (NDManager manager = NDManager.newBaseManager(); InputStream in = Files.newInputStream(Checkpoint.weightsFile(temp))) {
            List<String> names = NDList.decode(manager, in).stream().map(NDArray::getName).sorted().toList();
            assertEquals(List.of("block0.norm.running_mean", "block0.norm.running_var", "block0.weight",
                    "readout.bias", "readout.weight"), names, "a plain NumPy .npz with named arrays");
        }
    }

    @Test
    void nonFiniteValuesAreRefusedNamingTheArrayAndTheCount() throws IOException {
        Path nanReadout = temp.resolve("nan-readout");
        Path infiniteStatistics = temp.resolve("infinite-statistics");
        try (HebbianNetwork network = HebbianNetwork.create(Presets.get("softhebb-cifar10-1layer"), Device.cpu(), 1)) {
            NDManager readoutManager = network.manager().newSubManager();
            float[] weights = new float[10 * 24_576];
            for (int i = 0; i < 7; i++) {
                weights[i * 1000] = Float.NaN;
            }
            weights[5] = Float.POSITIVE_INFINITY;
            LinearReadout readout = new LinearReadout(readoutManager,
                    readoutManager.create(weights, new Shape(10, 24_576)), readoutManager.zeros(new Shape(10)));
            Checkpoint.save(nanReadout, network, readout, null);
            LinearReadout finite = new LinearReadout(readoutManager, readoutManager.zeros(new Shape(10, 24_576)),
                    readoutManager.zeros(new Shape(10)));
            NDArray variance = network.namedState().stream().filter(a -> a.getName().equals("block0.norm.running_var"))
                    .findFirst().orElseThrow();
            float[] values = variance.toFloatArray();
            values[0] = Float.NEGATIVE_INFINITY;
            variance.set(values);
            Checkpoint.save(infiniteStatistics, network, finite, null);
        }
        IOException readout = assertThrows(IOException.class, () -> Checkpoint.load(nanReadout, Device.cpu()));
        assertEquals("Checkpoint " + Checkpoint.weightsFile(nanReadout) + ": readout.weight holds 8 non-finite values"
                + " (7 NaN, 1 infinite) among its 245,760; a model with them predicts nothing meaningful, so it is not"
                + " loaded: train it again, or load an earlier checkpoint", readout.getMessage());
        IOException statistics = assertThrows(IOException.class, () -> Checkpoint.load(infiniteStatistics, Device.cpu()));
        assertEquals("Checkpoint " + Checkpoint.weightsFile(infiniteStatistics) + ": block0.norm.running_var holds 1"
                + " non-finite value (0 NaN, 1 infinite) among its 3; a model with them predicts nothing meaningful, so it"
                + " is not loaded: train it again, or load an earlier checkpoint", statistics.getMessage());
    }

    @Test
    void saveRecordsVersionsAndMachine() throws IOException {
        try (HebbianNetwork network = HebbianNetwork.create(Presets.get("softhebb-mnist-mlp"), Device.cpu(), 1)) {
            NDManager readoutManager = network.manager().newSubManager();
            LinearReadout readout = new LinearReadout(readoutManager, readoutManager.zeros(new Shape(10, 2000)),
                    readoutManager.zeros(new Shape(10)));
            Checkpoint.save(temp, network, readout, null);
        }
        JsonObject provenance = JsonParser.parseString(Files.readString(temp.resolve(Checkpoint.MODEL)))
                .getAsJsonObject().getAsJsonObject("provenance");
        JsonObject versions = provenance.getAsJsonObject("versions");
        assertEquals(Set.of("hebbkit", "djl", "engine", "java"), versions.keySet());
        versions.keySet().forEach(key -> assertFalse(versions.get(key).getAsString().isBlank(), key));
        assertFalse(versions.get("hebbkit").getAsString().equals("unknown"), "the build writes the version");
        assertTrue(versions.get("engine").getAsString().startsWith("PyTorch "), versions.toString());
        JsonObject machine = provenance.getAsJsonObject("machine");
        assertEquals(Set.of("os", "arch", "cpu", "cores", "memory_bytes"), machine.keySet());
        for (String key : List.of("os", "arch", "cpu")) {
            assertFalse(machine.get(key).getAsString().isBlank(), key);
        }
        assertEquals(Runtime.getRuntime().availableProcessors(), machine.get("cores").getAsInt());
        assertTrue(machine.get("memory_bytes").getAsLong() > 0, machine.toString());
        JsonObject numerics = provenance.getAsJsonObject("numerics");
        assertEquals(Set.of("cpu_id", "instruction_sets", "engine_threads", "matmul"), numerics.keySet());
        assertEquals(org.hebbkit.engine.MatMul.describe(), numerics.get("matmul").getAsString());
    }

    @Test
    void missingOrBrokenFilesAreNamed() throws IOException {
        IOException missing = assertThrows(IOException.class, () -> Checkpoint.load(temp, Device.cpu()));
        assertTrue(missing.getMessage().startsWith("Not a HebbKit checkpoint: " + temp.resolve(Checkpoint.MODEL) + " is missing"),
                missing.getMessage());
        Files.writeString(temp.resolve(Checkpoint.MODEL), "{\"format\": 99}");
        Files.write(temp.resolve(Checkpoint.WEIGHTS), new byte[] {1, 2, 3});
        IOException format = assertThrows(IOException.class, () -> Checkpoint.load(temp, Device.cpu()));
        assertTrue(format.getMessage().contains("has format 99; this HebbKit reads formats 2 and 3."), format.getMessage());
        Files.writeString(temp.resolve(Checkpoint.MODEL), "{not json");
        IOException corrupt = assertThrows(IOException.class, () -> Checkpoint.load(temp, Device.cpu()));
        assertTrue(corrupt.getMessage().startsWith("Corrupt checkpoint file " + temp.resolve(Checkpoint.MODEL)),
                corrupt.getMessage());
    }

    @Test
    void failedSaveKeepsThePreviousCheckpoint() throws IOException {
        Preset preset = Presets.get("softhebb-mnist-mlp");
        try (HebbianNetwork network = HebbianNetwork.create(preset, Device.cpu(), 1)) {
            NDManager readoutManager = network.manager().newSubManager();
            LinearReadout readout = new LinearReadout(readoutManager, readoutManager.zeros(new Shape(10, 2000)),
                    readoutManager.zeros(new Shape(10)));
            Checkpoint.save(temp, network, readout, new JsonObject());
            Path savedFile = Checkpoint.weightsFile(temp);
            byte[] saved = Files.readAllBytes(savedFile);
            NDArray released = readoutManager.zeros(new Shape(10, 2000));
            released.close();
            LinearReadout broken = new LinearReadout(readoutManager, released, readoutManager.zeros(new Shape(10)));
            assertThrows(RuntimeException.class, () -> Checkpoint.save(temp, network, broken, new JsonObject()),
                    "encoding a released array fails midway");
            assertEquals(savedFile, Checkpoint.weightsFile(temp));
            assertArrayEquals(saved, Files.readAllBytes(savedFile));
            try (Stream<Path> files = Files.list(temp)) {
                assertEquals(2, files.count(), "no temporary file is left behind");
            }
        }
    }

    private static float[] logits(HebbianNetwork network, LinearReadout readout, NDArray images) {
        try (NDManager scope = network.newScope()) {
            readout.attachTo(scope);
            NDArray x = scope.create(images.toFloatArray(), images.getShape());
            return readout.logits(network.features(x)).toFloatArray();
        }
    }
}
