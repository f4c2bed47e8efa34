package org.hebbkit.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper presets: the SoftHebb recipes as JSON resources (read them in
 * {@code library/src/main/resources/org/hebbkit/model/presets/}), plus the paper's baselines derived
 * from each CIFAR-10 preset: {@code -hardwta} (hard winner-take-all instead of the soft competition),
 * {@code -random} (weights frozen at their random initialisation, batch norms adapted) and
 * {@code -backprop} (the same blocks with ReLU, trained end to end by backpropagation with the probe's
 * optimiser and schedule).
 *
 * <pre>{@code
 * Preset preset = Presets.get("softhebb-cifar10-3layer");
 * }</pre>
 */
public final class Presets {

    private static final String FOLDER = "/org/hebbkit/model/presets/";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    /** The paper's Hard-WTA accuracies at depth 1, 2, 3 (Table 3). */
    private static final String[] HARD_WTA = {"62.69", "60.08", "60.29"};
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
            if (preset.dataset().equals("cifar-10")) {
                int depth = preset.blocks().size();
                baselines.add(preset.derive(name + "-hardwta",
                        preset.description().replace("SoftHebb", "Hard-WTA baseline"),
                        "Journe et al. 2023, ICLR, Table 3, Hard-WTA (depth " + depth + "): " + HARD_WTA[depth - 1]
                                + " % test accuracy",
                        "hebbian", preset.blocks().stream().map(block -> block.withCompetition("hard")).toList()));
                baselines.add(preset.derive(name + "-random",
                        preset.description().replace("SoftHebb", "Frozen random-weight baseline"),
                        "Journe et al. 2023, ICLR, Table 3, random weights (depth " + depth + "): " + RANDOM[depth - 1]
                                + " % test accuracy",
                        "frozen-random", preset.blocks()));
                BlockSpec.ActivationSpec relu = new BlockSpec.ActivationSpec("relu", 0, 0);
                baselines.add(preset.derive(name + "-backprop",
                        preset.description().replace("SoftHebb", "Backprop baseline (ReLU, end to end)"),
                        "Journe et al. 2023, ICLR, Table 3, backprop end to end (depth " + depth + "): " + BACKPROP[depth - 1]
                                + " % test accuracy (50 epochs; a GPU run)",
                        "backprop", preset.blocks().stream().map(block -> block.withActivation(relu)).toList()));
            }
        }
        baselines.forEach(preset -> presets.put(preset.name(), preset));
        return presets;
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

    /** The preset as pretty JSON (the form it is stored in and written into run records). */
    public static String toJson(Preset preset) {
        return GSON.toJson(preset);
    }

    /** Parses a preset from JSON. */
    public static Preset fromJson(String json) {
        return GSON.fromJson(json, Preset.class);
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
        try (Reader reader = new InputStreamReader(open(name + ".json"), StandardCharsets.UTF_8)) {
            return GSON.fromJson(reader, Preset.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read preset " + name, e);
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
