package org.hebbkit.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One configuration of a study over its seeds: the mean and sample standard deviation of the test accuracy
 * (fractions in [0, 1]) over the seeds whose trials completed.
 *
 * <p>{@code mean = sum(a_i) / n}, {@code std = sqrt(sum((a_i - mean)^2) / (n - 1))} (NaN for {@code n < 2}), as
 * papers report "mean +- std over seeds" (SoftHebb, Journe et al. 2023, Table 3: 4 seeds).
 *
 * @param presetName the preset
 * @param settings the swept parameters' values
 * @param meanTestAccuracy NaN when no seed completed
 * @param stdTestAccuracy NaN for fewer than two completed seeds
 * @param seeds completed seeds
 * @param failed failed seeds
 */
public record ConfigurationSummary(String presetName, List<Trial.Setting> settings, double meanTestAccuracy,
        double stdTestAccuracy, int seeds, int failed) {

    public ConfigurationSummary {
        settings = List.copyOf(settings);
    }

    /** The configuration as one label: the preset and its settings. */
    public String configuration() {
        return Trial.configuration(presetName, settings);
    }

    /** One summary per configuration, in the order configurations first appear in {@code results}. */
    public static List<ConfigurationSummary> of(List<TrialResult> results) {
        Map<String, List<TrialResult>> groups = new LinkedHashMap<>();
        for (TrialResult result : results) {
            // by value, not label: the string "1" and the number 1 are two configurations
            String key = result.presetName() + "\n" + String.join("\n", result.settings().stream()
                    .map(setting -> setting.path() + "=" + Trial.canonical(setting.value())).toList());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(result);
        }
        List<ConfigurationSummary> summaries = new ArrayList<>();
        for (List<TrialResult> group : groups.values()) {
            double[] accuracies = group.stream().filter(TrialResult::complete).mapToDouble(TrialResult::testAccuracy).toArray();
            int n = accuracies.length;
            double mean = Double.NaN;
            double std = Double.NaN;
            if (n > 0) {
                double sum = 0;
                for (double a : accuracies) {
                    sum += a;
                }
                mean = sum / n;
            }
            if (n > 1) {
                double squares = 0;
                for (double a : accuracies) {
                    squares += (a - mean) * (a - mean);
                }
                std = Math.sqrt(squares / (n - 1));
            }
            TrialResult first = group.get(0);
            summaries.add(new ConfigurationSummary(first.presetName(), first.settings(), mean, std, n, group.size() - n));
        }
        return summaries;
    }
}
