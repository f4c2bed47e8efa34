package org.hebbkit.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A trained model on disk, in open formats: {@code weights.npz} (NumPy's format: {@code numpy.load}
 * reads it; arrays {@code block0.weight}, {@code block0.rule.threshold} (rule and competition state),
 * {@code block0.norm.running_mean}, ..., {@code readout.weight},
 * {@code readout.bias}) and {@code model.json} (format version, the full preset, seed, and whatever
 * metadata the caller adds: versions, metrics, accuracy).
 *
 * <p>{@code model.json} also records, under {@code "provenance"}, where the model was made: HebbKit, DJL,
 * engine and Java versions and the machine ({@link Provenance}), whatever the caller passes.
 *
 * <p>Both files are written to temporary files in the target directory and moved into place
 * atomically, {@code model.json} last, so a crash never leaves a half-written checkpoint: an existing
 * checkpoint stays intact until the new one is complete.
 *
 * <pre>{@code
 * Checkpoint.save(dir, network, readout, metadata);
 * try (Checkpoint.Loaded model = Checkpoint.load(dir, Device.cpu())) { ... }
 * }</pre>
 */
public final class Checkpoint {

    /** The on-disk format version written and read by this class. */
    public static final int FORMAT = 2;
    /** File holding the arrays. */
    public static final String WEIGHTS = "weights.npz";
    /** File holding preset and metadata. */
    public static final String MODEL = "model.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private Checkpoint() {}

    /**
     * @param directory created if missing
     * @param network the network (its preset and seed are recorded, and the provenance of its engine)
     * @param readout the trained readout
     * @param metadata extra facts stored under {@code "metadata"} (may be empty)
     */
    public static void save(Path directory, HebbianNetwork network, LinearReadout readout, JsonObject metadata)
            throws IOException {
        Files.createDirectories(directory);
        NDList arrays = new NDList(network.namedState());
        arrays.addAll(readout.namedState());
        JsonObject model = new JsonObject();
        model.addProperty("format", FORMAT);
        model.addProperty("seed", network.seed());
        if (network.preset() == null) {
            throw new IllegalArgumentException("this network was built from hand-made blocks, so a checkpoint cannot record"
                    + " its recipe; build it from BlockSpecs (a Preset) to save it");
        }
        model.add("preset", Configs.toTree(network.preset()));
        model.add("metadata", metadata == null ? new JsonObject() : metadata);
        model.add("provenance", Provenance.current(network.manager().getEngine()).toJson());
        Path weights = AtomicFiles.writeTemporary(directory.resolve(WEIGHTS), out -> arrays.encode(out, NDList.Encoding.NPZ));
        Path json;
        try {
            json = AtomicFiles.writeTemporary(directory.resolve(MODEL),
                    out -> out.write(GSON.toJson(model).getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(weights);
            throw e;
        }
        AtomicFiles.moveIntoPlace(weights, directory.resolve(WEIGHTS));
        AtomicFiles.moveIntoPlace(json, directory.resolve(MODEL));
    }

    /**
     * Loads a checkpoint onto a device.
     *
     * @throws IOException naming the file and what is wrong with it
     */
    public static Loaded load(Path directory, Device device) throws IOException {
        Path json = directory.resolve(MODEL);
        Path weights = directory.resolve(WEIGHTS);
        for (Path required : new Path[] {json, weights}) {
            if (!Files.isRegularFile(required)) {
                throw new IOException("Not a HebbKit checkpoint: " + required + " is missing. A checkpoint directory holds "
                        + MODEL + " and " + WEIGHTS + ", as written by 'hebbkit train --out DIR'.");
            }
        }
        JsonObject model;
        try {
            model = GSON.fromJson(Files.readString(json), JsonObject.class);
        } catch (JsonParseException e) {
            throw new IOException("Corrupt checkpoint file " + json + ": " + e.getMessage(), e);
        }
        int format = model.has("format") ? model.get("format").getAsInt() : -1;
        if (format != FORMAT) {
            throw new IOException("Checkpoint " + json + " has format " + format + "; this HebbKit reads format " + FORMAT
                    + (format == 1 ? " (format 1 named rules by strings, before the typed presets: train it again)." : "."));
        }
        Preset preset;
        try {
            preset = Configs.fromTree(model.get("preset"), Preset.class);
        } catch (IllegalArgumentException e) {
            throw new IOException("Checkpoint " + json + " holds an invalid preset: " + e.getMessage(), e);
        }
        long seed = model.get("seed").getAsLong();
        HebbianNetwork network = HebbianNetwork.create(preset, device, seed);
        try {
            Map<String, NDArray> stored = new HashMap<>();
            try (InputStream in = Files.newInputStream(weights)) {
                for (NDArray array : NDList.decode(network.manager(), in)) {
                    stored.put(stripNpy(array.getName()), array);
                }
            } catch (RuntimeException e) {
                throw new IOException("Corrupt checkpoint file " + weights + ": " + e.getMessage(), e);
            }
            for (NDArray target : network.namedState()) {
                NDArray source = require(stored, target.getName(), weights);
                if (!source.getShape().equals(target.getShape())) {
                    throw new IOException("Checkpoint " + weights + ": " + target.getName() + " has shape " + source.getShape()
                            + ", the preset needs " + target.getShape());
                }
                target.set(source.toFloatArray());
            }
            network.markPreprocessingFitted();
            NDManager readoutManager = network.manager().newSubManager();
            NDArray weight = require(stored, "readout.weight", weights);
            NDArray bias = require(stored, "readout.bias", weights);
            weight.attach(readoutManager);
            bias.attach(readoutManager);
            LinearReadout readout = new LinearReadout(readoutManager, weight, bias);
            return new Loaded(network, readout, model.getAsJsonObject("metadata"));
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
    }

    private static NDArray require(Map<String, NDArray> stored, String name, Path file) throws IOException {
        NDArray array = stored.get(name);
        if (array == null) {
            throw new IOException("Checkpoint " + file + " lacks the array " + name + "; it holds " + stored.keySet());
        }
        return array;
    }

    private static String stripNpy(String name) {
        return name != null && name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
    }

    /**
     * A loaded model: network, readout and the stored metadata. Closing closes both.
     *
     * @param network the network with the stored weights and statistics
     * @param readout the stored readout
     * @param metadata what was stored under {@code "metadata"}
     */
    public record Loaded(HebbianNetwork network, LinearReadout readout, JsonObject metadata) implements AutoCloseable {
        @Override
        public void close() {
            network.close();
        }
    }
}
