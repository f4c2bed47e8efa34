package org.hebbkit.study;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a trial ended, as plain values: accuracies (fractions in [0, 1]), wall time of its process (seconds) and peak
 * resident memory (bytes) when it completed; the reason when it failed.
 *
 * @param id the trial's {@link Trial#id}
 * @param presetName the study's preset it derives from
 * @param settings the swept parameters' values
 * @param seed its seed
 * @param status complete or failed
 * @param testAccuracy on the test images, NaN unless complete
 * @param trainAccuracy on the training images, NaN unless complete
 * @param wallSeconds of the whole trial (start of its process to its end)
 * @param peakResidentBytes the trial's peak resident memory, -1 when unknown
 * @param message why it failed; empty when complete
 */
public record TrialResult(String id, String presetName, List<Trial.Setting> settings, long seed, Status status,
        double testAccuracy, double trainAccuracy, double wallSeconds, long peakResidentBytes, String message) {

    /** How a trial ended. */
    public enum Status { COMPLETE, FAILED }

    public TrialResult {
        Objects.requireNonNull(id, "id");
        settings = List.copyOf(settings);
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
    }

    /** A completed trial's result. */
    public static TrialResult complete(Trial trial, double testAccuracy, double trainAccuracy, double wallSeconds,
            long peakResidentBytes) {
        return new TrialResult(trial.id(), trial.presetName(), trial.settings(), trial.seed(), Status.COMPLETE,
                testAccuracy, trainAccuracy, wallSeconds, peakResidentBytes, "");
    }

    /** A failed trial's result: {@code message} says why. */
    public static TrialResult failed(Trial trial, double wallSeconds, String message) {
        return new TrialResult(trial.id(), trial.presetName(), trial.settings(), trial.seed(), Status.FAILED,
                Double.NaN, Double.NaN, wallSeconds, -1, message);
    }

    /** Whether it completed. */
    public boolean complete() {
        return status == Status.COMPLETE;
    }

    /** The configuration it repeats with other seeds ({@link Trial#configuration}). */
    public String configuration() {
        return Trial.configuration(presetName, settings);
    }

    /** As stored in a trial's {@code trial.json}. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("id", id);
        json.addProperty("preset", presetName);
        JsonArray list = new JsonArray();
        for (Trial.Setting setting : settings) {
            JsonObject item = new JsonObject();
            item.addProperty("path", setting.path());
            item.add("value", setting.value());
            list.add(item);
        }
        json.add("settings", list);
        json.addProperty("seed", seed);
        json.addProperty("status", status.name().toLowerCase(java.util.Locale.ROOT));
        if (complete()) {
            json.addProperty("test_accuracy", testAccuracy);
            json.addProperty("train_accuracy", trainAccuracy);
        }
        json.addProperty("wall_seconds", wallSeconds);
        json.addProperty("peak_resident_bytes", peakResidentBytes);
        json.addProperty("message", message);
        return json;
    }

    /**
     * Reads {@link #toJson}'s form.
     *
     * @throws IllegalArgumentException naming the missing or bad field
     */
    public static TrialResult fromJson(JsonObject json) {
        try {
            List<Trial.Setting> settings = new ArrayList<>();
            for (JsonElement item : json.getAsJsonArray("settings")) {
                settings.add(new Trial.Setting(item.getAsJsonObject().get("path").getAsString(),
                        item.getAsJsonObject().get("value")));
            }
            Status status = Status.valueOf(json.get("status").getAsString().toUpperCase(java.util.Locale.ROOT));
            boolean complete = status == Status.COMPLETE;
            return new TrialResult(json.get("id").getAsString(), json.get("preset").getAsString(), settings,
                    json.get("seed").getAsLong(), status,
                    complete ? json.get("test_accuracy").getAsDouble() : Double.NaN,
                    complete ? json.get("train_accuracy").getAsDouble() : Double.NaN,
                    json.get("wall_seconds").getAsDouble(), json.get("peak_resident_bytes").getAsLong(),
                    json.has("message") ? json.get("message").getAsString() : "");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a trial result (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "): " + json, e);
        }
    }
}
