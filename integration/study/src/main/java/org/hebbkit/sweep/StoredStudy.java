package org.hebbkit.sweep;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hebbkit.model.Configs;
import org.hebbkit.study.TrialOptions;
import org.hebbkit.study.TrialResult;

/**
 * A study folder as {@link Sweep} left it, read back without running anything: its definition, its options and its
 * final trials' results (with successive halving: the top rung's, the rung trained on the study's own budget), for a
 * later step ({@link ChosenConfiguration}) or a notebook that shows a study run elsewhere.
 *
 * @param folder the study's folder
 * @param definition its {@code study.json}
 * @param options the options its trials ran with
 * @param trials the folder of its final trials ({@code trials/}, or {@code rungs/rung-R/trials/})
 * @param results the final trials' results ({@code trial.json}), in folder order
 * @param unfinished the final trials without a complete result (not run, stopped, or failed)
 */
public record StoredStudy(Path folder, JsonObject definition, TrialOptions options, Path trials,
        List<TrialResult> results, List<String> unfinished) {

    public StoredStudy {
        results = List.copyOf(results);
        unfinished = List.copyOf(unfinished);
    }

    /**
     * Reads a study folder.
     *
     * @throws IllegalArgumentException for a folder without a readable {@code study.json}, or a halving study whose
     *     top rung has not started, naming the fix
     */
    public static StoredStudy read(Path folder) {
        JsonObject definition = studyJson(folder);
        TrialOptions options = Configs.fromTree(definition.get("options"), TrialOptions.class);
        Path trials = finalTrials(folder, definition, options);
        List<TrialResult> results = new ArrayList<>();
        List<String> unfinished = new ArrayList<>();
        try (Stream<Path> list = Files.list(trials)) {
            for (Path trial : list.filter(Files::isDirectory).sorted().toList()) {
                Path mark = trial.resolve(TrialTask.RESULT);
                if (!Files.isRegularFile(mark)) {
                    unfinished.add(trial.getFileName().toString());
                    continue;
                }
                TrialResult result = TrialResult.fromJson(JsonParser.parseString(Files.readString(mark,
                        StandardCharsets.UTF_8)).getAsJsonObject());
                if (!result.complete()) {
                    unfinished.add(trial.getFileName() + " (failed)");
                }
                results.add(result);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trials in " + trials + ": " + e.getMessage(), e);
        }
        return new StoredStudy(folder, definition, options, trials, results, unfinished);
    }

    /** What the final trials were scored on: {@code validation} or {@code test}. */
    public String evaluation() {
        return Sweep.evaluation(options);
    }

    private static JsonObject studyJson(Path folder) {
        Path file = folder.resolve(Sweep.STUDY);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(folder + " holds no study (no " + Sweep.STUDY + "); give the --out folder"
                    + " of a 'hebbkit sweep --validation N'");
        }
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + " is damaged (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The folder of the study's final trials: its own {@code trials/}, or with successive halving the top rung's (the
     * rung trained on the study's own {@code limitTrain}: the lower rungs train on fewer images).
     */
    private static Path finalTrials(Path folder, JsonObject definition, TrialOptions options) {
        if (!definition.has("halving")) {
            return requireTrials(folder);
        }
        Path rungs = folder.resolve("rungs");
        if (Files.isDirectory(rungs)) {
            try (Stream<Path> list = Files.list(rungs)) {
                for (Path rung : list.filter(Files::isDirectory).toList()) {
                    if (Files.isRegularFile(rung.resolve(Sweep.STUDY))) {
                        TrialOptions rungOptions = Configs.fromTree(studyJson(rung).get("options"), TrialOptions.class);
                        if (rungOptions.limitTrain() == options.limitTrain() && rungOptions.validation() == options.validation()) {
                            return requireTrials(rung);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + rungs + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException(folder + " is not finished (its top halving rung has not run); run its sweep"
                + " command again to finish it, then choose");
    }

    private static Path requireTrials(Path folder) {
        Path trials = folder.resolve("trials");
        if (!Files.isDirectory(trials)) {
            throw new IllegalArgumentException(folder + " is not finished (no trial ran); run its sweep command again to"
                    + " finish it, then choose");
        }
        return trials;
    }
}
