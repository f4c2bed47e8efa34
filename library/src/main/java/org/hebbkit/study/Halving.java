package org.hebbkit.study;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.hebbkit.model.Preset;

/**
 * Successive halving (Jamieson and Talwalkar 2016; Li et al. 2018, "Hyperband", its inner loop) over training
 * images: every configuration runs on a small budget, the best {@code 1/eta} of them (by mean validation accuracy
 * over the seeds) on {@code eta} times more, and so on up to the full budget, where the survivors are tested on the
 * test set. The budgets are {@code full / eta^k, ..., full / eta, full} for every {@code full / eta^k >= minImages}.
 * Lower rungs are scored on the last {@code validation} training images, which no rung trains on, so that the test
 * set plays no part in the choice. A study run with {@code --validation N} ({@link TrialOptions#validation}) scores
 * its top rung on those images too: its full budget is then the training split less the {@code N} held out, and the
 * test set is read only by a later, separate step ({@code hebbkit test-chosen}).
 *
 * @param eta the reduction factor, at least 2
 * @param minImages the smallest budget in training images; 0 for {@code full / eta^2} (three rungs)
 * @param validation training images held out (the last ones) to score the lower rungs, at least 1
 */
public record Halving(int eta, int minImages, int validation) {

    public Halving {
        if (eta < 2) {
            throw new IllegalArgumentException("halving eta must be at least 2, got " + eta);
        }
        if (minImages < 0) {
            throw new IllegalArgumentException("halving min must be at least 1 image (or 0 for full / eta^2), got " + minImages);
        }
        if (validation < 1) {
            throw new IllegalArgumentException("halving validation must be at least 1 image, got " + validation);
        }
    }

    /**
     * Reads {@code eta=3[,min=N][,validation=N]} (defaults: min {@code full / eta^2}, validation 5,000).
     *
     * @throws IllegalArgumentException naming the part at fault
     */
    public static Halving parse(String text) {
        return parse(text, 5000);
    }

    /**
     * Reads {@code eta=3[,min=N][,validation=N]}, with {@code defaultValidation} held-out images where the text gives
     * none (a study's {@code --validation N}, so that every rung is scored on the same images).
     *
     * @throws IllegalArgumentException naming the part at fault
     */
    public static Halving parse(String text, int defaultValidation) {
        int eta = -1;
        int min = 0;
        int validation = defaultValidation;
        for (String part : text.split(",")) {
            String[] pair = part.strip().split("=", 2);
            try {
                switch (pair.length == 2 ? pair[0] : "") {
                    case "eta" -> eta = Integer.parseInt(pair[1]);
                    case "min" -> min = Integer.parseInt(pair[1]);
                    case "validation" -> validation = Integer.parseInt(pair[1]);
                    default -> throw new IllegalArgumentException("--halving takes eta=N[,min=N][,validation=N], got '"
                            + text + "'");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--halving " + pair[0] + " must be a whole number, got '" + pair[1] + "'", e);
            }
        }
        if (eta < 0) {
            throw new IllegalArgumentException("--halving needs eta=N (e.g. eta=3), got '" + text + "'");
        }
        return new Halving(eta, min, validation);
    }

    /** The budgets in training images, smallest first, the last one {@code full}. */
    public List<Integer> budgets(int full) {
        int smallest = minImages > 0 ? minImages : Math.max(1, full / (eta * eta));
        List<Integer> budgets = new ArrayList<>(List.of(full));
        for (int budget = full / eta; budget >= smallest && budget >= 1; budget /= eta) {
            budgets.add(budget);
        }
        Collections.reverse(budgets);
        if (budgets.size() < 2) {
            throw new IllegalArgumentException("halving from " + smallest + " to " + full + " training images with eta "
                    + eta + " leaves one rung; lower min or raise --limit-train");
        }
        return budgets;
    }

    /**
     * The full budget of a study: its {@code limitTrain}, else the training split of its presets' dataset (less the
     * {@code validation} images held out when the study is scored on validation: the top rung trains on the rest).
     *
     * @param trainingImages the training split's size of a dataset by name (the front end reads its dataset registry,
     *     {@code DatasetRegistry.find(name).size(Split.TRAIN)}); it may throw {@link IllegalArgumentException} for an
     *     unknown name
     * @throws IllegalArgumentException when the presets' datasets differ or are unknown
     */
    public static int fullBudget(TrialOptions options, List<Preset> presets, ToIntFunction<String> trainingImages) {
        if (options.limitTrain() > 0) {
            return options.limitTrain();
        }
        Set<String> datasets = presets.stream().map(p -> options.dataset() != null ? options.dataset() : p.dataset())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        if (datasets.size() != 1) {
            throw new IllegalArgumentException("halving needs one full budget, but the presets train on " + datasets
                    + ": give --limit-train N, or study one dataset at a time");
        }
        String dataset = datasets.iterator().next();
        int size = trainingImages.applyAsInt(dataset);
        if (options.validation() >= size) {
            throw new IllegalArgumentException("--validation " + options.validation() + " holds out every one of the "
                    + size + " training images of " + dataset + "; hold out fewer (e.g. 5000)");
        }
        return size - options.validation();
    }

    /**
     * The configurations a rung keeps: the best {@code ceil(n / eta)} by mean accuracy (a configuration without a
     * completed seed ranks last; ties keep the earlier configuration).
     *
     * @param indices the rung's configurations (grid indices), in the order of {@code summaries}
     * @param summaries one per configuration, in the same order
     * @return the kept indices, in increasing order
     */
    public List<Integer> keep(List<Integer> indices, List<ConfigurationSummary> summaries) {
        if (indices.size() != summaries.size()) {
            throw new IllegalArgumentException(indices.size() + " configurations but " + summaries.size() + " summaries");
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < indices.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Double.compare(score(summaries.get(b)), score(summaries.get(a))));
        int kept = Math.max(1, (indices.size() + eta - 1) / eta);
        List<Integer> chosen = new ArrayList<>();
        for (int i : order.subList(0, kept)) {
            chosen.add(indices.get(i));
        }
        chosen.sort(null);
        return chosen;
    }

    private static double score(ConfigurationSummary summary) {
        return Double.isNaN(summary.meanTestAccuracy()) ? Double.NEGATIVE_INFINITY : summary.meanTestAccuracy();
    }

    /** As written on the command line. */
    public String text() {
        return "eta=" + eta + (minImages > 0 ? ",min=" + minImages : "") + ",validation=" + validation;
    }
}
