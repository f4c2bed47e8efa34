package org.hebbkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hebbkit.model.CommittedArrays;
import org.hebbkit.model.HebbianNetwork;

/**
 * A run's progress on disk, so that a killed run continues where it stopped and ends as an uninterrupted one
 * would (same weights, same readout, same accuracy). {@link PresetRun} saves it after every Hebbian epoch and
 * every probe epoch: the network's state (weights, rule and competition state, batch-norm statistics, fitted
 * preprocessing), the probe's readout and Adam state, how far the run got, and the history so far. The random
 * generators are not stored: they are seeded, and a continued run draws again, and discards, what the done
 * epochs drew.
 *
 * <p>On disk: {@value #STATE} and the arrays it names ({@code network-HASH.npz}; in the probe phase also
 * {@code probe-HASH.npz}, the only file rewritten after each probe epoch, since the network no longer changes),
 * written as {@link CommittedArrays} writes, so a process killed while saving leaves the previous state or the new
 * one, complete.
 * {@code resume.json} also records what identifies the run (preset, seed, mode, readout, image counts): a
 * different run is refused rather than continued from the wrong state.
 */
public final class RunCheckpoints {

    /** The state file in the directory. */
    public static final String STATE = "resume.json";
    private static final int FORMAT = 1;
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final Path directory;
    private final JsonObject identity;
    /** The network arrays' entry once written in the probe phase, where they no longer change. */
    private JsonObject probePhaseNetwork;

    /**
     * @param directory where the state is kept (created on the first save)
     * @param identity what identifies the run; a saved state with another identity is refused
     */
    RunCheckpoints(Path directory, JsonObject identity) {
        this.directory = directory;
        // as it reads back from resume.json (members that are null are not written)
        this.identity = com.google.gson.JsonParser.parseString(GSON.toJson(identity)).getAsJsonObject();
    }

    /** Where a saved run stands and what it had recorded. */
    record Restored(boolean probePhase, int stage, int epochsDone, LinearProbe.ProbeState probe,
            List<TrainingEvents.EpochFinished> historyEpochs, Map<String, TrainingEvents.StageFinished> historyStages) {}

    /** Whether {@code directory} holds a saved run. */
    public static boolean exists(Path directory) {
        return Files.isRegularFile(directory.resolve(STATE));
    }

    /**
     * Where the run saved in {@code directory} stands, in words ({@code "after epoch 2 of Hebbian stage 1"},
     * {@code "after probe epoch 17"}).
     *
     * @throws IOException when there is no readable state
     */
    public static String describe(Path directory) throws IOException {
        Path file = directory.resolve(STATE);
        JsonObject state = CommittedArrays.readJson(file, "No saved progress: " + file + " is missing");
        int epochs = state.get("epochs").getAsInt();
        return state.get("phase").getAsString().equals("probe") ? "after probe epoch " + epochs
                : "after epoch " + epochs + " of Hebbian stage " + (state.get("stage").getAsInt() + 1);
    }

    /** Saves the state after {@code epochs} epochs of Hebbian stage {@code stage}. */
    void saveHebbian(HebbianNetwork network, int stage, int epochs, HistoryRecorder history) {
        JsonObject state = header("hebbian", stage, epochs, history);
        try {
            state.add("network", CommittedArrays.writeArrays(directory, "network", new NDList(network.namedState())));
            CommittedArrays.commit(directory, STATE, state, "network", "probe");
        } catch (IOException e) {
            throw cannotSave(e);
        }
    }

    /** Saves the state after a probe epoch (the Hebbian stages are done). */
    void saveProbe(HebbianNetwork network, LinearProbe.ProbeState probe, HistoryRecorder history) {
        JsonObject state = header("probe", 0, probe.epochs(), history);
        JsonObject probeJson = new JsonObject();
        probeJson.addProperty("epochs", probe.epochs());
        probeJson.addProperty("step", probe.step());
        probeJson.add("history", GSON.toJsonTree(probe.history()));
        state.add("probe", probeJson);
        try (NDManager scope = network.manager().newSubManager()) {
            // the network no longer changes: its arrays are written once, the probe's (a few MB) after every epoch
            if (probePhaseNetwork == null) {
                probePhaseNetwork = CommittedArrays.writeArrays(directory, "network", new NDList(network.namedState()));
            }
            NDList arrays = new NDList();
            arrays.add(named(scope.create(probe.weight()), "probe.weight"));
            arrays.add(named(scope.create(probe.bias()), "probe.bias"));
            for (int m = 0; m < probe.moments().length; m++) {
                arrays.add(named(scope.create(probe.moments()[m]), "probe.moment" + m));
            }
            state.add("network", probePhaseNetwork);
            state.add("probe_arrays", CommittedArrays.writeArrays(directory, "probe", arrays));
            CommittedArrays.commit(directory, STATE, state, "network", "probe");
        } catch (IOException e) {
            throw cannotSave(e);
        }
    }

    private JsonObject header(String phase, int stage, int epochs, HistoryRecorder history) {
        JsonObject state = new JsonObject();
        state.addProperty("format", FORMAT);
        state.add("run", identity);
        state.addProperty("phase", phase);
        state.addProperty("stage", stage);
        state.addProperty("epochs", epochs);
        state.add("history_epochs", GSON.toJsonTree(history.epochs()));
        state.add("history_stages", GSON.toJsonTree(history.stages()));
        return state;
    }

    private UncheckedIOException cannotSave(IOException e) {
        return new UncheckedIOException("Cannot save the run's progress into " + directory + ": " + e.getMessage()
                + ". Free space or choose another output directory; the run stops here.", e);
    }

    /**
     * Restores a saved state into {@code network} (built from the same preset and seed).
     *
     * @return where the run stands, or {@code null} when nothing was saved yet
     * @throws IOException when the state is corrupt or belongs to another run
     */
    Restored restore(HebbianNetwork network) throws IOException {
        Path file = directory.resolve(STATE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonObject state = CommittedArrays.readJson(file, "no " + file);
        if (!state.has("format") || state.get("format").getAsInt() != FORMAT) {
            throw new IOException(file + " has format " + state.get("format") + "; this HebbKit continues format " + FORMAT);
        }
        JsonElement saved = state.get("run");
        if (!identity.equals(saved)) {
            throw new IOException(directory + " holds the progress of another run (" + describe(saved) + "), not of this one ("
                    + describe(identity) + "). Continue it with the same settings, or choose a new output directory.");
        }
        boolean probePhase = state.get("phase").getAsString().equals("probe");
        Map<String, NDArray> stored = new HashMap<>();
        try (NDManager scope = network.manager().newSubManager()) {
            decode(CommittedArrays.readArrays(directory, state, file, "network", "network"), scope, stored, file);
            if (probePhase) {
                decode(CommittedArrays.readArrays(directory, state, file, "probe", "probe_arrays"), scope, stored, file);
                probePhaseNetwork = state.getAsJsonObject("network");
            }
            for (NDArray target : network.namedState()) {
                target.set(require(stored, target.getName(), file).toFloatArray());
            }
            network.markPreprocessingFitted();
            List<TrainingEvents.EpochFinished> epochs = GSON.fromJson(state.get("history_epochs"),
                    new TypeToken<List<TrainingEvents.EpochFinished>>() {}.getType());
            Map<String, TrainingEvents.StageFinished> stages = GSON.fromJson(state.get("history_stages"),
                    new TypeToken<java.util.LinkedHashMap<String, TrainingEvents.StageFinished>>() {}.getType());
            LinearProbe.ProbeState probe = null;
            if (probePhase) {
                JsonObject probeJson = state.getAsJsonObject("probe");
                float[][] moments = new float[4][];
                for (int m = 0; m < 4; m++) {
                    moments[m] = require(stored, "probe.moment" + m, file).toFloatArray();
                }
                List<Map<String, Double>> history = GSON.fromJson(probeJson.get("history"),
                        new TypeToken<List<Map<String, Double>>>() {}.getType());
                probe = new LinearProbe.ProbeState(probeJson.get("epochs").getAsInt(), probeJson.get("step").getAsLong(),
                        require(stored, "probe.weight", file).toFloatArray(), require(stored, "probe.bias", file).toFloatArray(),
                        moments, history);
            }
            return new Restored(probePhase, state.get("stage").getAsInt(), state.get("epochs").getAsInt(), probe, epochs,
                    stages);
        }
    }

    private static void decode(byte[] bytes, NDManager scope, Map<String, NDArray> stored, Path file) throws IOException {
        try {
            for (NDArray array : NDList.decode(scope, new ByteArrayInputStream(bytes))) {
                String name = array.getName();
                stored.put(name != null && name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name, array);
            }
        } catch (RuntimeException e) {
            throw new IOException("Corrupt run state " + file + ": " + e.getMessage(), e);
        }
    }

    private static NDArray require(Map<String, NDArray> stored, String name, Path file) throws IOException {
        NDArray array = stored.get(name);
        if (array == null) {
            throw new IOException("Run state " + file + " lacks the array " + name + "; it holds " + stored.keySet());
        }
        return array;
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }

    private static String describe(JsonElement run) {
        if (run == null || !run.isJsonObject()) {
            return "unknown";
        }
        JsonObject object = run.getAsJsonObject();
        String preset = object.has("preset") && object.get("preset").isJsonObject()
                && object.getAsJsonObject("preset").has("name") ? object.getAsJsonObject("preset").get("name").getAsString() : "?";
        return "preset " + preset + ", seed " + object.get("seed") + ", mode " + object.get("mode") + ", readout "
                + object.get("readout") + ", " + object.get("train_images") + " training and " + object.get("test_images")
                + " test images";
    }
}
