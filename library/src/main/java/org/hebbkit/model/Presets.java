package org.hebbkit.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hebbkit.nn.Relu;

/**
 * The paper presets: the recipes as JSON resources (read them in
 * {@code library/src/main/resources/org/hebbkit/model/presets/}), among them SoftHebb's Hard-WTA baselines
 * ({@code softhebb-cifar10-Nlayer-hardwta}, each read from its own recipe in SoftHebb's public
 * {@code presets.json}: {@code 2HardCnnCIFAR}, {@code 3HardCnnCIFAR}, {@code 4HardCnnCIFAR}, which differ from the
 * soft presets in more than the competition), plus baselines derived from each SoftHebb CIFAR-10 preset:
 * {@code -random} (weights and batch-norm statistics left at their initialisation: SoftHebb's code run
 * without its Hebbian stages), {@code -random-adapted} (weights frozen at their initialisation, batch norms
 * adapted to the training set) and {@code -backprop} (the same blocks with ReLU, trained end to end by
 * backpropagation with the probe's optimiser and schedule).
 *
 * <pre>{@code
 * Preset preset = Presets.get("softhebb-cifar10-3layer");
 * }</pre>
 */
public final class Presets {

    private static final String FOLDER = "/org/hebbkit/model/presets/";

    /** The paper's frozen random-weight accuracies at depth 1, 2, 3 (Table 3). */
    private static final String[] RANDOM = {"63.99", "68.64", "64.62"};

    /** The paper's end-to-end backpropagation accuracies at depth 1, 2, 3 (Table 3). */
    private static final String[] BACKPROP = {"72.42", "82.49", "83.97"};

    private Presets() {}

    /** Every preset by name, paper presets first, then the baselines. */
    public static Map<String, Preset> all() {
        Map<String, Preset> presets = new LinkedHashMap<>();
        List<Preset> baselines = new ArrayList<>();
        for (String name : index()) {
            Preset preset = read(name);
            presets.put(name, preset);
            if (preset.dataset().equals("cifar-10") && preset.name().startsWith("softhebb-")
                    && !preset.name().endsWith("-hardwta")) {
                int depth = preset.blocks().size();
                baselines.add(baseline(preset, "-random", "Untrained random-weight baseline", "random weights (depth "
                        + depth + "): " + RANDOM[depth - 1] + " % test accuracy", "untrained", null, null));
                baselines.add(baseline(preset, "-random-adapted", "Frozen random-weight baseline (batch norms adapted)",
                        "random weights (depth " + depth + "): " + RANDOM[depth - 1] + " % test accuracy",
                        "frozen-random", null, null));
                baselines.add(baseline(preset, "-backprop", "Backprop baseline (ReLU, end to end)",
                        "backprop end to end (depth " + depth + "): " + BACKPROP[depth - 1]
                                + " % test accuracy (50 epochs; a GPU run)", "backprop", "blocks.*.activation", new Relu()));
            }
        }
        baselines.forEach(preset -> presets.put(preset.name(), preset));
        return presets;
    }

    private static Preset baseline(Preset preset, String suffix, String what, String reference, String training,
            String path, Object value) {
        Preset derived = Configs.with(preset, "name", preset.name() + suffix);
        derived = Configs.with(derived, "description", preset.description().replace("SoftHebb", what));
        derived = Configs.with(derived, "reference", "Journe et al. 2023, ICLR, Table 3, " + reference);
        derived = Configs.with(derived, "training", training);
        return path == null ? derived : Configs.with(derived, path, value);
    }

    /** Preset names, in listing order. */
    public static List<String> names() {
        return List.copyOf(all().keySet());
    }

    /**
     * @throws IllegalArgumentException for an unknown name; the message lists the valid ones
     */
    public static Preset get(String name) {
        Preset preset = all().get(name);
        if (preset == null) {
            throw new IllegalArgumentException("Unknown preset '" + name + "'. Valid presets: "
                    + String.join(", ", all().keySet()));
        }
        return preset;
    }

    /**
     * A preset by name, or read from a JSON file when {@code nameOrPath} ends in {@code .json} or names an
     * existing file.
     *
     * @throws IllegalArgumentException for an unknown name (listing the valid ones) or a file with a bad field
     *     (naming it)
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Preset resolve(String nameOrPath) {
        java.nio.file.Path path = java.nio.file.Path.of(nameOrPath);
        if (java.nio.file.Files.isDirectory(path) && !index().contains(nameOrPath)) {
            throw new IllegalArgumentException("preset '" + nameOrPath + "' is a folder; give a preset name ('hebbkit"
                    + " presets' lists them) or a preset JSON file");
        }
        if (nameOrPath.endsWith(".json") || java.nio.file.Files.isRegularFile(path)) {
            return read(path);
        }
        return get(nameOrPath);
    }

    /**
     * Reads a preset file (the form {@code hebbkit presets --json NAME} prints).
     *
     * @throws IllegalArgumentException naming the file and the field at fault
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Preset read(java.nio.file.Path file) {
        String text;
        try {
            text = java.nio.file.Files.readString(file);
        } catch (IOException e) {
            String reason = e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileSystemException files && files.getReason() != null ? files.getReason()
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            throw new UncheckedIOException("cannot read preset file " + file + ": " + reason
                    + (reason.equals("no such file") ? " (a preset is a name from 'hebbkit presets' or a JSON file that"
                    + " exists)" : ""), e);
        }
        try {
            return Configs.fromJson(text, Preset.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("preset file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The preset adapted to another dataset: its {@code dataset} and {@code input} replaced; the layers take
     * the new channels and sizes (conv fan-in, batch-norm channels, linear fan-in follow the input; the
     * readout follows the number of classes). A preset whose blocks cannot take the new input is refused
     * when the network is built, naming the block.
     *
     * @param preset the recipe
     * @param dataset the dataset's name ({@code mnist}, {@code cifar-10}, ...)
     * @param channels image channels
     * @param height image rows
     * @param width image columns
     */
    public static Preset forDataset(Preset preset, String dataset, int channels, int height, int width) {
        Preset adapted = Configs.with(preset, "dataset", dataset);
        return Configs.with(adapted, "input", List.of(channels, height, width));
    }

    /** The preset as pretty JSON (the form it is stored in and written into run records). */
    public static String toJson(Preset preset) {
        return Configs.toJson(preset);
    }

    /**
     * Parses a preset from JSON.
     *
     * @throws IllegalArgumentException naming the field at fault
     */
    public static Preset fromJson(String json) {
        try {
            return Configs.fromJson(json, Preset.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("preset JSON: " + e.getMessage(), e);
        }
    }

    private static List<String> index() {
        try (InputStream in = open("index.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the preset index", e);
        }
    }

    private static Preset read(String name) {
        try (InputStream in = open(name + ".json")) {
            return Configs.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), Preset.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read preset " + name, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("built-in preset " + name + " is invalid: " + e.getMessage(), e);
        }
    }

    private static InputStream open(String file) {
        InputStream in = Presets.class.getResourceAsStream(FOLDER + file);
        if (in == null) {
            throw new IllegalStateException("preset resource " + FOLDER + file + " is missing from the jar");
        }
        return in;
    }
}
