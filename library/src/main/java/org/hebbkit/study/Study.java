package org.hebbkit.study;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.hebbkit.model.Configs;
import org.hebbkit.model.Preset;

/**
 * A study: presets, each under every chosen configuration of the swept parameters, each configuration repeated
 * with every seed. Planning ({@link #trials}) checks every path and value against every preset before anything
 * runs; running is an engine's business (the command line's {@code hebbkit sweep}).
 *
 * <pre>{@code
 * Study study = Study.builder()
 *         .addPreset(Presets.get("softhebb-mnist-mlp"))
 *         .setSeeds(List.of(0L, 1L))
 *         .addParameter(Parameter.of("blocks.0.learningRate.rate", 0.02, 0.045))
 *         .optOptions(new TrialOptions(null, 5000, 1000, 2, null, 0))
 *         .build();
 * List<Trial> trials = study.trials();   // 2 configurations x 2 seeds
 * }</pre>
 *
 * @param presets the presets, distinct names, at least one
 * @param seeds the seeds every configuration runs with, distinct, at least one
 * @param parameters the swept parameters, distinct paths, possibly none (then each preset runs as it is)
 * @param search every combination of the parameters' values, or a random sample of them
 * @param options what every trial runs with ({@link TrialOptions})
 * @param halving successive halving over training images ({@link Halving}), or {@code null} to run every trial on
 *     the full budget; it searches one preset. With {@code options.validation() > 0} its top rung too is scored on
 *     the held-out training images (the same ones as its lower rungs), and the study never reads the test set
 */
public record Study(List<Preset> presets, List<Long> seeds, List<Parameter> parameters, Search search,
        TrialOptions options, Halving halving) {

    public Study {
        presets = List.copyOf(presets);
        seeds = List.copyOf(seeds);
        parameters = List.copyOf(parameters);
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(options, "options");
        if (presets.isEmpty()) {
            throw new IllegalArgumentException("a study needs at least one preset");
        }
        if (presets.stream().map(Preset::name).distinct().count() != presets.size()) {
            throw new IllegalArgumentException("a study lists a preset twice: "
                    + presets.stream().map(Preset::name).toList());
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a study needs at least one seed");
        }
        if (new LinkedHashSet<>(seeds).size() != seeds.size()) {
            throw new IllegalArgumentException("a study lists a seed twice: " + seeds);
        }
        if (halving != null && presets.size() != 1) {
            throw new IllegalArgumentException("successive halving searches one preset's parameters; give one --preset,"
                    + " got " + presets.size());
        }
        if (halving != null && options.validation() > 0 && halving.validation() != options.validation()) {
            // one held-out set for every rung: a choice made on one set and confirmed on another is no choice
            throw new IllegalArgumentException("--validation " + options.validation() + " and --halving validation="
                    + halving.validation() + " differ: every rung is scored on the same held-out images; give one of them");
        }
        if (parameters.stream().map(Parameter::path).distinct().count() != parameters.size()) {
            throw new IllegalArgumentException("a study sweeps a path twice: "
                    + parameters.stream().map(Parameter::path).toList() + "; give each path's values in one list");
        }
    }

    /** A builder: presets and seeds are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of combinations of the parameters' values (1 without parameters). */
    public int gridSize() {
        long size = 1;
        for (Parameter parameter : parameters) {
            size *= parameter.values().size();
            if (size > 1_000_000) {
                throw new IllegalArgumentException("the grid has over a million configurations; sample it with random:N");
            }
        }
        return (int) size;
    }

    /**
     * Every trial, in order: preset, then configuration (the last parameter varying fastest), then seed.
     *
     * @throws IllegalArgumentException for a path a preset does not have (the message lists the valid paths) or a
     *     value the preset refuses (the message names the path and the allowed range)
     */
    public List<Trial> trials() {
        List<Trial> trials = new ArrayList<>();
        java.util.Map<String, Trial> byId = new java.util.HashMap<>();
        List<Integer> chosen = search.choose(gridSize());
        for (Preset base : presets) {
            Preset preset = options.probeEpochs() == null ? base : Configs.with(base, "probe.epochs", options.probeEpochs());
            for (Parameter parameter : parameters) {
                requirePath(preset, parameter.path());
            }
            for (int index : chosen) {
                List<Trial.Setting> settings = settings(index);
                Preset configured = preset;
                for (Trial.Setting setting : settings) {
                    try {
                        configured = Configs.with(configured, setting.path(), setting.value());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("preset " + base.name() + ", " + setting + ": "
                                + e.getMessage(), e);
                    }
                }
                for (long seed : seeds) {
                    Trial trial = Trial.of(base.name(), settings, seed, configured);
                    Trial other = byId.putIfAbsent(trial.id(), trial);
                    if (other != null) {
                        throw new IllegalArgumentException("presets '" + other.presetName() + "' and '"
                                + trial.presetName() + "' give the same trial folder " + trial.id()
                                + "; rename one (letters, digits, '.', '_' and '-' are kept in folder names)");
                    }
                    trials.add(trial);
                }
            }
        }
        return trials;
    }

    /** The settings of configuration {@code index} of the grid. */
    private List<Trial.Setting> settings(int index) {
        List<Trial.Setting> settings = new ArrayList<>();
        int rest = index;
        for (int p = parameters.size() - 1; p >= 0; p--) {
            Parameter parameter = parameters.get(p);
            int count = parameter.values().size();
            settings.add(0, new Trial.Setting(parameter.path(), parameter.values().get(rest % count)));
            rest /= count;
        }
        return settings;
    }

    /** Checks that {@code path} names a value or part of {@code preset} ({@code *} for any list index). */
    static void requirePath(Preset preset, String path) {
        List<String> valid = Configs.paths(preset);
        Pattern pattern = Pattern.compile(java.util.Arrays.stream(path.split("\\.", -1))
                .map(part -> part.equals("*") ? "\\d+" : Pattern.quote(part)).reduce((a, b) -> a + "\\." + b).orElse(""));
        for (String candidate : valid) {
            String[] parts = candidate.split("\\.");
            for (int length = 1; length <= parts.length; length++) {
                if (pattern.matcher(String.join(".", java.util.Arrays.copyOf(parts, length))).matches()) {
                    return;
                }
            }
        }
        throw new IllegalArgumentException("unknown path '" + path + "' for preset " + preset.name() + "; valid paths: "
                + String.join(", ", valid));
    }

    /**
     * The study as JSON, to tell whether a study folder holds this study: presets as run (their full configuration),
     * seeds, parameters, search and options.
     */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        JsonArray presetTrees = new JsonArray();
        presets.forEach(preset -> presetTrees.add(Configs.toTree(preset)));
        json.add("presets", presetTrees);
        JsonArray seedList = new JsonArray();
        seeds.forEach(seedList::add);
        json.add("seeds", seedList);
        JsonArray parameterList = new JsonArray();
        for (Parameter parameter : parameters) {
            JsonObject item = new JsonObject();
            item.addProperty("path", parameter.path());
            JsonArray values = new JsonArray();
            parameter.values().forEach(values::add);
            item.add("values", values);
            parameterList.add(item);
        }
        json.add("parameters", parameterList);
        json.addProperty("search", search.text());
        JsonObject optionTree = Configs.toTree(options).getAsJsonObject();
        // added later: a study on train's default formulation keeps the form its study.json had before them
        for (String later : List.of("convAlgorithm", "matmul")) {
            if (optionTree.has(later) && optionTree.get(later).isJsonNull()) {
                optionTree.remove(later);
            }
        }
        json.add("options", optionTree);
        if (halving != null) {
            json.addProperty("halving", halving.text());
        }
        return json;
    }

    /**
     * What differs between two studies' {@link #toJson} forms, one phrase per top-level field, preset and option
     * ({@code seeds: [0, 1] then [0, 1, 2]}, {@code options.matmul: null then "engine"}); empty when they are the
     * same study.
     */
    public static List<String> differences(JsonObject before, JsonObject now) {
        List<String> differences = new ArrayList<>();
        Set<String> fields = new LinkedHashSet<>(before.keySet());
        fields.addAll(now.keySet());
        for (String field : fields) {
            JsonElement a = before.get(field);
            JsonElement b = now.get(field);
            if (Objects.equals(a, b)) {
                continue;
            }
            if (field.equals("presets") && a != null && b != null && a.isJsonArray() && b.isJsonArray()) {
                differences.addAll(presetDifferences(a.getAsJsonArray(), b.getAsJsonArray()));
            } else if (field.equals("options") && a != null && b != null && a.isJsonObject() && b.isJsonObject()) {
                // one phrase per option (an option left to train's default is absent or null)
                Set<String> options = new LinkedHashSet<>(a.getAsJsonObject().keySet());
                options.addAll(b.getAsJsonObject().keySet());
                for (String option : options) {
                    JsonElement x = a.getAsJsonObject().get(option);
                    JsonElement y = b.getAsJsonObject().get(option);
                    if (!Objects.equals(orNull(x), orNull(y))) {
                        differences.add("options." + option + ": " + shorten(orNull(x)) + " then " + shorten(orNull(y)));
                    }
                }
            } else {
                differences.add(field + ": " + shorten(a) + " then " + shorten(b));
            }
        }
        return differences;
    }

    /**
     * Whether {@code now} is the study {@code before} with more seeds: every other field the same and every seed of
     * {@code before} still there, so that the trials already run are trials of {@code now} too. Not for successive
     * halving, whose rungs chose their configurations on the seeds they had.
     */
    public static boolean addsSeeds(JsonObject before, JsonObject now) {
        if (before.has("halving") || now.has("halving") || !isArray(before.get("seeds")) || !isArray(now.get("seeds"))) {
            return false;
        }
        JsonObject rest = before.deepCopy();
        JsonObject restNow = now.deepCopy();
        JsonArray seedsBefore = rest.remove("seeds").getAsJsonArray();
        JsonArray seedsNow = restNow.remove("seeds").getAsJsonArray();
        // as numbers: a parsed file's seeds and a built study's are different kinds of JSON number
        return rest.equals(restNow) && seeds(seedsNow).containsAll(seeds(seedsBefore));
    }

    private static Set<Long> seeds(JsonArray seeds) {
        Set<Long> values = new HashSet<>();
        seeds.forEach(seed -> values.add(seed.getAsLong()));
        return values;
    }

    private static boolean isArray(JsonElement element) {
        return element != null && element.isJsonArray();
    }

    private static List<String> presetDifferences(JsonArray before, JsonArray now) {
        List<String> differences = new ArrayList<>();
        List<String> namesBefore = names(before);
        List<String> namesNow = names(now);
        if (!namesBefore.equals(namesNow)) {
            differences.add("presets: " + namesBefore + " then " + namesNow);
            return differences;
        }
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).equals(now.get(i))) {
                List<String> fields = new ArrayList<>();
                leafDifferences(before.get(i), now.get(i), "", fields);
                differences.add("preset " + namesNow.get(i) + " changed: " + String.join(", ", fields));
            }
        }
        return differences;
    }

    private static void leafDifferences(JsonElement a, JsonElement b, String where, List<String> out) {
        if (a != null && b != null && a.isJsonObject() && b.isJsonObject()) {
            Set<String> keys = new LinkedHashSet<>(a.getAsJsonObject().keySet());
            keys.addAll(b.getAsJsonObject().keySet());
            for (String key : keys) {
                leafDifferences(a.getAsJsonObject().get(key), b.getAsJsonObject().get(key),
                        where.isEmpty() ? key : where + "." + key, out);
            }
        } else if (a != null && b != null && a.isJsonArray() && b.isJsonArray()
                && a.getAsJsonArray().size() == b.getAsJsonArray().size()) {
            for (int i = 0; i < a.getAsJsonArray().size(); i++) {
                leafDifferences(a.getAsJsonArray().get(i), b.getAsJsonArray().get(i), where + "." + i, out);
            }
        } else if (!Objects.equals(a, b)) {
            out.add(where + " " + shorten(a) + " then " + shorten(b));
        }
    }

    private static List<String> names(JsonArray presets) {
        List<String> names = new ArrayList<>();
        presets.forEach(p -> names.add(p.isJsonObject() && p.getAsJsonObject().has("name")
                ? p.getAsJsonObject().get("name").getAsString() : "?"));
        return names;
    }

    private static JsonElement orNull(JsonElement value) {
        return value == null ? com.google.gson.JsonNull.INSTANCE : value;
    }

    private static String shorten(JsonElement value) {
        String text = value == null ? "(none)" : value.toString();
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }

    /**
     * Seeds written as {@code 0,1,2,3}, {@code 0-3} or a mix ({@code 0-2,7}), as {@code hebbkit sweep --seeds} and
     * {@code Hebb.sweep(seeds = ...)} take them.
     *
     * @throws IllegalArgumentException for anything else, with the accepted forms
     */
    public static List<Long> parseSeeds(String text) {
        List<Long> seeds = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String item = part.strip();
            try {
                int dash = item.indexOf('-', 1);
                if (dash > 0) {
                    long from = Long.parseLong(item.substring(0, dash).strip());
                    long to = Long.parseLong(item.substring(dash + 1).strip());
                    if (to < from) {
                        throw new IllegalArgumentException("the range '" + item + "' runs backwards; write the smaller"
                                + " seed first (" + to + "-" + from + ")");
                    }
                    if (to - from > 10_000 || to - from < 0) { // < 0: the difference overflows a long
                        throw new IllegalArgumentException("the range '" + item + "' holds "
                                + java.math.BigInteger.valueOf(to).subtract(java.math.BigInteger.valueOf(from))
                                        .add(java.math.BigInteger.ONE) + " seeds, more than 10,001; a study of that many trials is not meant");
                    }
                    for (long seed = from; seed <= to; seed++) {
                        seeds.add(seed);
                    }
                } else {
                    seeds.add(Long.parseLong(item));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("seeds are whole numbers separated by commas, or ranges such as"
                        + " 0-3 (e.g. 0,1,2,3); got '" + text + "'", e);
            }
        }
        return seeds;
    }

    /** Builds a {@link Study}: {@code setX} for what is required, {@code optX} for what has a default. */
    public static final class Builder {
        private final List<Preset> presets = new ArrayList<>();
        private List<Long> seeds;
        private final List<Parameter> parameters = new ArrayList<>();
        private Search search = new Search.Grid();
        private TrialOptions options = TrialOptions.defaults();
        private Halving halving;

        private Builder() {}

        /** Adds a preset (at least one). */
        public Builder addPreset(Preset preset) {
            presets.add(Objects.requireNonNull(preset, "preset"));
            return this;
        }

        /** The seeds every configuration runs with (required). */
        public Builder setSeeds(List<Long> seeds) {
            this.seeds = List.copyOf(seeds);
            return this;
        }

        /** Adds a swept parameter. */
        public Builder addParameter(Parameter parameter) {
            parameters.add(Objects.requireNonNull(parameter, "parameter"));
            return this;
        }

        /** Every combination (default) or a random sample. */
        public Builder optSearch(Search search) {
            this.search = Objects.requireNonNull(search, "search");
            return this;
        }

        /** The options every trial runs with (default: each preset as it is, on all its data). */
        public Builder optOptions(TrialOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Successive halving over training images (default: none). */
        public Builder optHalving(Halving halving) {
            this.halving = halving;
            return this;
        }

        /** The study; see the record's checks. */
        public Study build() {
            if (seeds == null) {
                throw new IllegalArgumentException("a study needs its seeds: setSeeds(List.of(0L, 1L, ...))");
            }
            return new Study(presets, seeds, parameters, search, options, halving);
        }
    }
}
