package org.hebbkit.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hebbkit.rule.AdaptiveThresholds;
import org.hebbkit.rule.Bcm;
import org.hebbkit.rule.ConstantRate;
import org.hebbkit.rule.HardWinnerTakeAll;
import org.hebbkit.rule.Instar;
import org.hebbkit.rule.KrotovCurrents;
import org.hebbkit.rule.KrotovRanking;
import org.hebbkit.rule.Oja;
import org.hebbkit.rule.PlainHebb;
import org.hebbkit.rule.SoftHebbRule;
import org.hebbkit.rule.SoftWinnerTakeAll;

/**
 * Every rule of the zoo under one protocol: the same architecture, data, training schedule and readout as a
 * base preset, with only each block's learning (rule, competition, response, learning rate, weight
 * renormalisation) replaced. What changes per rule:
 *
 * <table>
 *   <caption>variants</caption>
 *   <tr><th>name</th><th>rule</th><th>competition</th><th>response</th><th>learning rate</th><th>renormalise</th></tr>
 *   <tr><td>softhebb</td><td colspan="5">the base preset unchanged</td></tr>
 *   <tr><td>hard-wta</td><td>softhebb</td><td>hard-wta</td><td>linear</td><td>the base's</td><td>no</td></tr>
 *   <tr><td>krotov</td><td>softhebb</td><td>krotov-ranking k 7, delta 0.4</td><td>krotov-currents p 3</td><td>the base's</td><td>no</td></tr>
 *   <tr><td>instar</td><td>instar</td><td>adaptive-thresholds k 1, rate 0.01</td><td>linear</td><td>constant 0.01</td><td>yes</td></tr>
 *   <tr><td>oja</td><td>oja</td><td>soft-wta, t 1</td><td>linear</td><td>constant 0.01</td><td>no</td></tr>
 *   <tr><td>hebb</td><td>hebb</td><td>hard-wta</td><td>linear</td><td>constant 0.01</td><td>yes</td></tr>
 *   <tr><td>bcm</td><td>bcm (threshold rate 0.01)</td><td>soft-wta, t 1</td><td>linear</td><td>constant 0.01</td><td>yes</td></tr>
 *   <tr><td>random</td><td colspan="5">frozen random weights (batch norms adapt)</td></tr>
 * </table>
 *
 * Updates stay normalised by their largest magnitude as in the base, so a constant rate of 0.01 moves the
 * largest weight by 0.01 per batch. These settings are one reasonable choice per rule, not tuned per rule;
 * {@code hebbkit compare} runs them and prints the table.
 */
public final class RuleProtocol {

    /** The variants' names, in table order. */
    public static final List<String> NAMES = List.of("softhebb", "hard-wta", "krotov", "instar", "oja", "hebb", "bcm",
            "random");

    private RuleProtocol() {}

    /**
     * @param base the preset whose architecture, data and readout every variant shares
     * @return name to preset (named {@code BASE~NAME})
     */
    public static Map<String, Preset> variants(Preset base) {
        Map<String, Preset> variants = new LinkedHashMap<>();
        for (String name : NAMES) {
            variants.put(name, variant(base, name));
        }
        return variants;
    }

    /**
     * @param base the shared preset
     * @param name one of {@link #NAMES}
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    public static Preset variant(Preset base, String name) {
        Preset preset = Configs.with(base, "name", base.name() + "~" + name);
        ConstantRate constant = new ConstantRate(0.01);
        preset = switch (name) {
            case "softhebb" -> preset;
            case "hard-wta" -> Configs.with(preset, "blocks.*.competition", new HardWinnerTakeAll());
            case "krotov" -> set(preset, new SoftHebbRule(), new KrotovRanking(7, 0.4), new KrotovCurrents(3), null, false);
            case "instar" -> set(preset, new Instar(), new AdaptiveThresholds(1, 0.01), null, constant, true);
            case "oja" -> set(preset, new Oja(), new SoftWinnerTakeAll(1), null, constant, false);
            case "hebb" -> set(preset, new PlainHebb(), new HardWinnerTakeAll(), null, constant, true);
            case "bcm" -> set(preset, new Bcm(0.01, 0), new SoftWinnerTakeAll(1), null, constant, true);
            case "random" -> Configs.with(preset, "training", "frozen-random");
            default -> throw new IllegalArgumentException("unknown rule variant '" + name + "'; valid: "
                    + String.join(", ", NAMES));
        };
        return preset;
    }

    private static Preset set(Preset preset, Object rule, Object competition, Object response, Object rate,
            boolean renormalise) {
        Preset changed = Configs.with(preset, "blocks.*.rule", rule);
        changed = Configs.with(changed, "blocks.*.competition", competition);
        if (response != null) {
            changed = Configs.with(changed, "blocks.*.response", response);
        }
        if (rate != null) {
            changed = Configs.with(changed, "blocks.*.learningRate", rate);
        }
        return Configs.with(changed, "blocks.*.renormalise", renormalise);
    }

}
