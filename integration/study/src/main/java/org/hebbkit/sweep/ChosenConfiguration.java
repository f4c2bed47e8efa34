package org.hebbkit.sweep;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.hebbkit.model.AtomicFiles;
import org.hebbkit.model.Preset;
import org.hebbkit.model.Presets;
import org.hebbkit.study.ConfigurationSummary;
import org.hebbkit.study.Search;
import org.hebbkit.study.Study;
import org.hebbkit.study.StudyTables;
import org.hebbkit.study.TrialOptions;
import org.hebbkit.study.TrialResult;

/**
 * The configuration a study chose on held-out training images ({@code hebbkit sweep --validation N}), and the study
 * that scores it on the test set: the second of the two steps that keep the test set out of every choice
 * ({@code hebbkit test-chosen}). The choice is the configuration with the highest mean validation accuracy over its
 * seeds among the study's final trials (with successive halving: its top rung's); ties keep the earlier one.
 *
 * <pre>{@code
 * ChosenConfiguration chosen = ChosenConfiguration.of(Path.of("studies/search"));
 * Study test = chosen.testStudy(List.of(0L, 1L, 2L, 3L), 0, 0);   // the whole training set, every test image
 * }</pre>
 *
 * @param study the study's folder
 * @param summary the chosen configuration's validation accuracy over its seeds
 * @param preset the chosen configuration as a preset (a trial's {@code preset.json}: the study's preset with the
 *     configuration's {@code --set} values applied)
 * @param options the options the study ran its trials with ({@code validation > 0})
 */
public record ChosenConfiguration(Path study, ConfigurationSummary summary, Preset preset, TrialOptions options) {

    /** The choice's record in the test study's folder. */
    public static final String CHOSEN = "chosen.json";

    /**
     * Reads a finished validation study and chooses.
     *
     * @throws IllegalArgumentException naming what is wrong and what to do: not a study folder, a study scored on
     *     the test set, trials not finished or failed
     */
    public static ChosenConfiguration of(Path folder) {
        StoredStudy stored = StoredStudy.read(folder);
        TrialOptions options = stored.options();
        if (options.validation() < 1) {
            throw new IllegalArgumentException(folder + " was scored on the test set (its sweep ran without --validation):"
                    + " a test of its choice would report a number the test set chose; run the study with --validation N"
                    + " (e.g. 5000) and choose from that");
        }
        List<TrialResult> results = stored.results();
        List<String> unfinished = stored.unfinished();
        if (!unfinished.isEmpty() || results.isEmpty()) {
            throw new IllegalArgumentException(folder + " is not finished (" + (results.isEmpty() ? "no trial ran"
                    : unfinished.size() + " trial" + (unfinished.size() == 1 ? "" : "s") + " without a result: "
                    + String.join(", ", unfinished.subList(0, Math.min(3, unfinished.size())))
                    + (unfinished.size() > 3 ? ", ..." : "")) + "); run its sweep command again to finish it, then choose");
        }
        Path finalTrials = stored.trials();
        List<ConfigurationSummary> summaries = ConfigurationSummary.of(results);
        // ties keep the earlier configuration
        ConfigurationSummary chosen = summaries.get(0);
        for (ConfigurationSummary summary : summaries) {
            if (summary.meanTestAccuracy() > chosen.meanTestAccuracy()) {
                chosen = summary;
            }
        }
        String label = chosen.configuration();
        TrialResult trial = results.stream().filter(r -> r.configuration().equals(label))
                .findFirst().orElseThrow();
        Preset preset = Presets.read(finalTrials.resolve(trial.id()).resolve("preset.json"));
        return new ChosenConfiguration(folder, chosen, preset, options);
    }

    /**
     * The study that tests the choice: its preset with {@code seeds}, every other option as the validation study had
     * it except the held-out images (none: training takes the whole training split, or its first {@code limitTrain}
     * images) and the limits given here.
     *
     * @param limitTrain the first N training images, 0 for all (the full recipe)
     * @param limitTest the first N test images, 0 for all
     */
    public Study testStudy(List<Long> seeds, int limitTrain, int limitTest) {
        TrialOptions test = new TrialOptions(options.dataset(), limitTrain, limitTest, options.probeEpochs(),
                options.readout(), 0, options.convAlgorithm(), options.matmul());
        return new Study(List.of(preset), seeds, List.of(), new Search.Grid(), test, null);
    }

    /** {@code chosen.json}: the study chosen from, the configuration and its validation accuracy. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("study", study.toAbsolutePath().normalize().toString());
        json.addProperty("configuration", summary.configuration());
        json.addProperty("validation_images", options.validation());
        json.addProperty("mean_validation_accuracy", summary.meanTestAccuracy());
        if (!Double.isNaN(summary.stdTestAccuracy())) {
            json.addProperty("std_validation_accuracy", summary.stdTestAccuracy());
        }
        json.addProperty("seeds", summary.seeds());
        json.addProperty("chosen_by", "the highest mean validation accuracy among the study's final configurations");
        return json;
    }

    /**
     * Writes {@code chosen.json} ({@link #toJson}) and {@code preset.json} (the chosen preset) into the test's folder,
     * atomically each.
     *
     * @throws IllegalArgumentException when {@code out} already tests another choice
     */
    public void writeInto(Path out) throws IOException {
        Path chosenFile = out.resolve(CHOSEN);
        JsonObject record = toJson();
        if (Files.isRegularFile(chosenFile)) {
            JsonObject before = JsonParser.parseString(Files.readString(chosenFile, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!record.get("configuration").equals(before.get("configuration"))) {
                throw new IllegalArgumentException(out + " tests another choice (" + before.get("configuration").getAsString()
                        + "); choose another folder for this test");
            }
        }
        Files.createDirectories(out);
        String text = new GsonBuilder().setPrettyPrinting().create().toJson(record);
        AtomicFiles.write(chosenFile, stream -> stream.write(text.getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.write(out.resolve("preset.json"), stream -> stream.write(Presets.toJson(preset).getBytes(StandardCharsets.UTF_8)));
    }

    /** One line for people: the configuration and its validation accuracy. */
    public String describe() {
        return String.format(Locale.ROOT, "%s: validation accuracy %s%%%s over %d seed%s (the last %,d training images)",
                summary.configuration(), StudyTables.percent(summary.meanTestAccuracy()).replaceFirst("(\\.\\d\\d)\\d+$", "$1"),
                Double.isNaN(summary.stdTestAccuracy()) ? "" : String.format(Locale.ROOT, " +- %.2f",
                        summary.stdTestAccuracy() * 100), summary.seeds(), summary.seeds() == 1 ? "" : "s",
                options.validation());
    }
}
