package org.hebbkit.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A trained model on disk, in open formats: {@code weights-HASH.npz} (NumPy's format: {@code numpy.load}
 * reads it; arrays {@code block0.weight}, {@code block0.rule.threshold} (rule and competition state),
 * {@code block0.norm.running_mean}, ..., {@code readout.weight},
 * {@code readout.bias}) and {@code model.json} (format version, the full preset, seed, and whatever
 * metadata the caller adds: versions, metrics, accuracy).
 *
 * <p>{@code model.json} also records, under {@code "provenance"}, where the model was made: HebbKit, DJL,
 * engine and Java versions and the machine ({@link Provenance}), whatever the caller passes.
 *
 * <p>Crash-safe: {@code model.json} is the one commit point. The arrays go to a temporary file, which is flushed
 * to disk and moved to a name made of its SHA-256 ({@code weights-0123456789abcdef.npz}); then {@code model.json},
 * naming that file and its full SHA-256 under {@code "weights"}, replaces the old one by an atomic move; only then
 * are older weight files deleted. A process killed at any moment leaves either the previous checkpoint or the new
 * one, complete, and {@link #load} checks the hash, so a cut or changed file is reported, never read as a model.
 * {@link #load} also refuses an array holding NaN or infinite values (weights, rule state, batch-norm statistics,
 * readout), naming the array and the count.
 * In Python: {@code numpy.load("model/" + json.load(open("model/model.json"))["weights"]["file"])}.
 * Checkpoints of format 2 ({@code weights.npz}, no hash) still load.
 *
 * <pre>{@code
 * Checkpoint.save(dir, network, readout, metadata);
 * try (Checkpoint.Loaded model = Checkpoint.load(dir, Device.cpu())) { ... }
 * }</pre>
 */
public final class Checkpoint {

    /** The on-disk format version written by this class (format 2 is read too). */
    public static final int FORMAT = 3;
    /** File holding the arrays in format 2; format 3 names its file in {@code model.json} ({@link #weightsFile}). */
    public static final String WEIGHTS = "weights.npz";
    /** File holding preset and metadata. */
    public static final String MODEL = "model.json";


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
        CommittedArrays.write(directory, MODEL, "weights", "weights", arrays, model);
    }

    /**
     * The file holding a checkpoint's arrays, as its {@code model.json} names it.
     *
     * @throws IOException when {@code model.json} is missing or unreadable
     */
    public static Path weightsFile(Path directory) throws IOException {
        JsonObject model = readModel(directory.resolve(MODEL));
        return directory.resolve(model.has("weights") ? model.getAsJsonObject("weights").get("file").getAsString() : WEIGHTS);
    }


    /**
     * Loads a checkpoint onto a device.
     *
     * @throws IOException naming the file and what is wrong with it
     */
    public static Loaded load(Path directory, Device device) throws IOException {
        Path json = directory.resolve(MODEL);
        JsonObject model = readModel(json);
        int format = model.has("format") && model.get("format").isJsonPrimitive()
                && model.get("format").getAsJsonPrimitive().isNumber() ? model.get("format").getAsInt() : -1;
        if (format != FORMAT && format != 2) {
            throw new IOException("Checkpoint " + json + " has format " + format + "; this HebbKit reads formats 2 and "
                    + FORMAT + (format == 1 ? " (format 1 named rules by strings, before the typed presets: train it again)." : "."));
        }
        Path weights;
        byte[] weightBytes;
        if (format == 2) {
            weights = directory.resolve(WEIGHTS);
            weightBytes = readWeights(weights);
        } else {
            weightBytes = CommittedArrays.readArrays(directory, model, json, "weights", "weights");
            weights = directory.resolve(model.getAsJsonObject("weights").get("file").getAsString());
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
            try (InputStream in = new ByteArrayInputStream(weightBytes)) {
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
                float[] values = source.toFloatArray();
                requireFinite(values, target.getName(), weights);
                target.set(values);
            }
            network.markPreprocessingFitted();
            NDManager readoutManager = network.manager().newSubManager();
            NDArray weight = require(stored, "readout.weight", weights);
            NDArray bias = require(stored, "readout.bias", weights);
            requireFinite(weight.toFloatArray(), "readout.weight", weights);
            requireFinite(bias.toFloatArray(), "readout.bias", weights);
            weight.attach(readoutManager);
            bias.attach(readoutManager);
            LinearReadout readout = new LinearReadout(readoutManager, weight, bias);
            return new Loaded(network, readout, model.getAsJsonObject("metadata"));
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
    }

    private static JsonObject readModel(Path json) throws IOException {
        return CommittedArrays.readJson(json, "Not a HebbKit checkpoint: " + json + " is missing. A checkpoint directory"
                + " holds " + MODEL + " and the weights file it names, as written by 'hebbkit train --out DIR'.");
    }

    private static byte[] readWeights(Path weights) throws IOException {
        if (!Files.isRegularFile(weights)) {
            throw new IOException("Not a HebbKit checkpoint: " + weights + " is missing. A checkpoint directory holds "
                    + MODEL + " and the weights file it names, as written by 'hebbkit train --out DIR'.");
        }
        return Files.readAllBytes(weights);
    }

    private static NDArray require(Map<String, NDArray> stored, String name, Path file) throws IOException {
        NDArray array = stored.get(name);
        if (array == null) {
            throw new IOException("Checkpoint " + file + " lacks the array " + name + "; it holds " + stored.keySet());
        }
        return array;
    }

    /**
     * Refuses an array holding NaN or infinite values: a model trained into overflow, or a file changed by hand (its
     * hash then updated too), would otherwise load and give meaningless predictions without a word.
     */
    static void requireFinite(float[] values, String name, Path file) throws IOException {
        long bad = 0;
        long nan = 0;
        for (float value : values) {
            if (!Float.isFinite(value)) {
                bad++;
                if (Float.isNaN(value)) {
                    nan++;
                }
            }
        }
        if (bad > 0) {
            throw new IOException(String.format(java.util.Locale.ROOT, "Checkpoint %s: %s holds %,d non-finite value%s"
                    + " (%,d NaN, %,d infinite) among its %,d; a model with them predicts nothing meaningful, so it is not"
                    + " loaded: train it again, or load an earlier checkpoint", file, name, bad, bad == 1 ? "" : "s", nan,
                    bad - nan, values.length));
        }
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
