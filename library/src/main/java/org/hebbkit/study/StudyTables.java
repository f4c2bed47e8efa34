package org.hebbkit.study;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A study's results as CSV (RFC 4180: comma-separated, fields with commas, quotes or line breaks quoted, a header
 * row): {@code results.csv}, one row per trial, and {@code summary.csv}, one row per configuration. Each swept path
 * is a column of its own; accuracies are percentages with 4 decimals.
 */
public final class StudyTables {

    private StudyTables() {}

    /**
     * One row per trial: {@code trial, preset, PATH..., seed, status, test_accuracy, train_accuracy, wall_seconds,
     * peak_resident_bytes, message}.
     */
    public static String results(List<TrialResult> results) {
        return results(results, "test");
    }

    /**
     * {@link #results(List)} with the accuracy column named for what the trials were evaluated on: {@code test}, or
     * {@code validation} for the lower rungs of successive halving ({@code validation_accuracy}).
     */
    public static String results(List<TrialResult> results, String evaluation) {
        List<String> paths = paths(results.stream().map(TrialResult::settings).toList());
        List<String> header = new ArrayList<>(List.of("trial", "preset"));
        header.addAll(paths);
        header.addAll(List.of("seed", "status", evaluation + "_accuracy", "train_accuracy", "wall_seconds", "peak_resident_bytes",
                "message"));
        StringBuilder csv = new StringBuilder(row(header));
        for (TrialResult result : results) {
            List<String> cells = new ArrayList<>(List.of(result.id(), result.presetName()));
            cells.addAll(values(paths, result.settings()));
            cells.addAll(List.of(Long.toString(result.seed()), result.status().name().toLowerCase(Locale.ROOT),
                    percent(result.testAccuracy()), percent(result.trainAccuracy()),
                    String.format(Locale.ROOT, "%.1f", result.wallSeconds()),
                    result.peakResidentBytes() < 0 ? "" : Long.toString(result.peakResidentBytes()), result.message()));
            csv.append(row(cells));
        }
        return csv.toString();
    }

    /**
     * One row per configuration: {@code preset, PATH..., mean_test_accuracy, std_test_accuracy, seeds, failed}
     * ({@link ConfigurationSummary}).
     */
    public static String summary(List<ConfigurationSummary> summaries) {
        return summary(summaries, "test");
    }

    /** {@link #summary(List)} with the accuracy columns named for {@code evaluation} ({@code test}, {@code validation}). */
    public static String summary(List<ConfigurationSummary> summaries, String evaluation) {
        List<String> paths = paths(summaries.stream().map(ConfigurationSummary::settings).toList());
        List<String> header = new ArrayList<>(List.of("preset"));
        header.addAll(paths);
        header.addAll(List.of("mean_" + evaluation + "_accuracy", "std_" + evaluation + "_accuracy", "seeds", "failed"));
        StringBuilder csv = new StringBuilder(row(header));
        for (ConfigurationSummary summary : summaries) {
            List<String> cells = new ArrayList<>(List.of(summary.presetName()));
            cells.addAll(values(paths, summary.settings()));
            cells.addAll(List.of(percent(summary.meanTestAccuracy()), percent(summary.stdTestAccuracy()),
                    Integer.toString(summary.seeds()), Integer.toString(summary.failed())));
            csv.append(row(cells));
        }
        return csv.toString();
    }

    private static List<String> paths(List<List<Trial.Setting>> settings) {
        Set<String> paths = new LinkedHashSet<>();
        settings.forEach(list -> list.forEach(setting -> paths.add(setting.path())));
        return new ArrayList<>(paths);
    }

    private static List<String> values(List<String> paths, List<Trial.Setting> settings) {
        List<String> values = new ArrayList<>();
        for (String path : paths) {
            values.add(settings.stream().filter(s -> s.path().equals(path)).map(s -> Parameter.text(s.value()))
                    .findFirst().orElse(""));
        }
        return values;
    }

    /** A fraction as a percentage with 4 decimals; empty for NaN. */
    public static String percent(double fraction) {
        return Double.isNaN(fraction) ? "" : String.format(Locale.ROOT, "%.4f", fraction * 100);
    }

    private static String row(List<String> cells) {
        List<String> quoted = new ArrayList<>(cells.size());
        for (String cell : cells) {
            quoted.add(cell.matches("(?s).*[,\"\\r\\n].*") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
        }
        return String.join(",", quoted) + "\n";
    }
}
