package org.hebbkit.sweep;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.hebbkit.model.AtomicFiles;
import org.hebbkit.study.Trial;
import org.hebbkit.study.TrialResult;

/**
 * A trial for an engine to run: {@code hebbkit train} with {@link #trainArguments} (the trial's preset file, seed,
 * output {@code directory} and the study's options; or {@code --resume directory} for a trial that was stopped),
 * in a process or task of the engine's own. Once {@code train} has exited normally, {@link #harvest} reads its
 * {@code run.json} and writes {@code trial.json}, the mark of a complete trial that no later run repeats.
 *
 * @param trial what runs
 * @param directory {@code OUT/trials/ID}: the trial's {@code preset.json}, {@code train.log} and what {@code train}
 *     writes ({@code run.json}, {@code model/}, {@code report.html}, pictures)
 * @param runArguments the arguments of a fresh {@code train} run of the trial (preset file, seed, output, limits)
 * @param engineArguments the arguments every attempt adds ({@code --data}, {@code --threads}, {@code --device})
 */
public record TrialTask(Trial trial, Path directory, List<String> runArguments, List<String> engineArguments) {

    /** The file whose presence marks a complete trial. */
    public static final String RESULT = "trial.json";

    public TrialTask {
        Objects.requireNonNull(trial, "trial");
        Objects.requireNonNull(directory, "directory");
        runArguments = List.copyOf(runArguments);
        engineArguments = List.copyOf(engineArguments);
    }

    /**
     * The arguments after {@code hebbkit train}, decided when the attempt starts: {@code --resume DIRECTORY} when
     * an earlier attempt left saved progress there (a stopped sweep, a lost Spark executor), else a fresh run.
     */
    public List<String> trainArguments() {
        List<String> arguments = new java.util.ArrayList<>();
        if (resumes()) {
            arguments.addAll(List.of("--resume", directory.toString()));
        } else {
            arguments.addAll(runArguments);
        }
        arguments.addAll(engineArguments);
        return arguments;
    }

    /** Whether an attempt now continues saved progress ({@code train --resume}). */
    public boolean resumes() {
        return Files.isRegularFile(directory.resolve("resume").resolve("command.json"));
    }

    /** The log of the trial's {@code train} (standard output and error; appended to by every attempt). */
    public Path log() {
        return directory.resolve("train.log");
    }

    /**
     * The result of a trial whose {@code train} exited with status 0, from its {@code run.json}; written to
     * {@code trial.json} atomically.
     *
     * @param wallSeconds the trial's wall time, as the engine measured it
     */
    public TrialResult harvest(double wallSeconds) {
        Path runFile = directory.resolve("run.json");
        TrialResult result;
        try {
            JsonObject run = JsonParser.parseString(Files.readString(runFile, StandardCharsets.UTF_8)).getAsJsonObject();
            // a trial of a halving rung is evaluated on validation images (train --validation)
            String accuracy = run.has("test_accuracy") ? "test_accuracy" : "validation_accuracy";
            result = TrialResult.complete(trial, run.get(accuracy).getAsDouble(), run.get("train_accuracy").getAsDouble(),
                    wallSeconds, run.get("peak_resident_bytes").getAsLong());
        } catch (IOException | RuntimeException e) {
            return TrialResult.failed(trial, wallSeconds, "train ended without a readable result in " + runFile + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        try {
            AtomicFiles.write(directory.resolve(RESULT), out -> out.write(result.toJson().toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return TrialResult.failed(trial, wallSeconds, "cannot write " + directory.resolve(RESULT) + ": " + e.getMessage());
        }
        return result;
    }

    /**
     * The result of a trial whose {@code train} ended (its {@code run.json} is written and no progress is left to
     * resume) but whose {@code trial.json} was not written (the engine stopped in between), harvested now; else
     * {@code null}. Its wall time is the one {@code run.json} recorded.
     */
    public TrialResult endedWithoutMark() {
        Path runFile = directory.resolve("run.json");
        if (!Files.isRegularFile(runFile) || resumes() || Files.isRegularFile(directory.resolve(RESULT))) {
            return null;
        }
        double seconds;
        try {
            seconds = JsonParser.parseString(Files.readString(runFile, StandardCharsets.UTF_8)).getAsJsonObject()
                    .getAsJsonObject("timings").get("total_seconds").getAsDouble();
        } catch (IOException | RuntimeException e) {
            return null; // not a finished run: run the trial again
        }
        return harvest(seconds);
    }

    /**
     * Why a trial's {@code train} failed: the last {@code hebbkit: ...} line this attempt wrote to its log (the
     * command's one-line message), else the exit status.
     *
     * @param logStart the log's size when the attempt began (earlier attempts' lines are not this one's reason)
     */
    public String failure(int exitStatus, long logStart) {
        try {
            byte[] bytes = Files.readAllBytes(log());
            String text = new String(bytes, (int) Math.min(logStart, bytes.length), (int) Math.max(0, bytes.length - logStart),
                    StandardCharsets.UTF_8);
            List<String> lines = text.lines().toList();
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith("hebbkit: ")) {
                    return lines.get(i).substring("hebbkit: ".length()) + " (exit status " + exitStatus + ")";
                }
            }
        } catch (IOException e) {
            // no log: the status alone
        }
        return "train exited with status " + exitStatus + "; see " + log();
    }

    /** The result in {@code trial.json}, or {@code null} when the trial is not complete. */
    public TrialResult completed() {
        Path file = directory.resolve(RESULT);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return TrialResult.fromJson(JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                    .getAsJsonObject());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(file + " is damaged (" + e.getMessage() + "); delete it to run trial "
                    + trial.id() + " again", e);
        }
    }
}
