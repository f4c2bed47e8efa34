package org.hebbkit.study;

import com.google.gson.JsonElement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.hebbkit.model.Preset;

/**
 * One training run of a study: a preset with the study's settings applied, and a seed. It runs exactly as
 * {@code hebbkit train --preset FILE --seed SEED} with the study's options would.
 *
 * @param id the trial's name, unique in its study and the same in every run of it: {@code PRESET-seedS}, or
 *     {@code PRESET-HASH-seedS} when parameters are swept ({@code HASH}: 12 hex digits of the settings' SHA-256)
 * @param presetName the study's preset this trial derives from
 * @param settings the swept parameters' values, in the study's order
 * @param seed the one seed of the run
 * @param preset the preset as run: {@code presetName} with {@code settings} applied
 */
public record Trial(String id, String presetName, List<Setting> settings, long seed, Preset preset) {

    /** One swept parameter's value in a trial. */
    public record Setting(String path, JsonElement value) {
        public Setting {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return path + "=" + Parameter.text(value);
        }
    }

    public Trial {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(presetName, "presetName");
        settings = List.copyOf(settings);
        Objects.requireNonNull(preset, "preset");
    }

    /** The trial of {@code preset} with {@code settings} and {@code seed}, named as {@link #id} says. */
    static Trial of(String presetName, List<Setting> settings, long seed, Preset preset) {
        return new Trial(idOf(presetName, settings, seed), presetName, settings, seed, preset);
    }

    /** The configuration this trial repeats with other seeds: the preset and settings, e.g. {@code p a=1 b=2}. */
    public String configuration() {
        return configuration(presetName, settings);
    }

    /** The label of a configuration: the preset's name, then {@code path=value} for each setting. */
    public static String configuration(String presetName, List<Setting> settings) {
        return settings.isEmpty() ? presetName
                : presetName + " " + settings.stream().map(Setting::toString).collect(Collectors.joining(" "));
    }

    /** A value as JSON, numbers in one form ({@code 0.10} and {@code 0.1} are the same value, as the study holds). */
    static String canonical(JsonElement value) {
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            return new java.math.BigDecimal(value.getAsString()).stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    private static String idOf(String presetName, List<Setting> settings, long seed) {
        String base = presetName.replaceAll("[^A-Za-z0-9._-]", "_");
        if (settings.isEmpty()) {
            return base + "-seed" + seed;
        }
        String text = settings.stream().map(s -> s.path() + "=" + canonical(s.value())).collect(Collectors.joining("\n"));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return base + "-" + HexFormat.of().formatHex(digest, 0, 6) + "-seed" + seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
