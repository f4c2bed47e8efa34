package org.hebbkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Map;
import org.hebbkit.nn.ConvGeometry;
import org.hebbkit.nn.HebbianConv2d;
import org.hebbkit.nn.HebbianLayer;
import org.hebbkit.nn.HebbianLinear;
import org.hebbkit.nn.Padding;
import org.hebbkit.nn.Triangle;
import org.hebbkit.rule.AdaptiveLearningRate;
import org.hebbkit.rule.AdaptiveThresholds;
import org.hebbkit.rule.Bcm;
import org.hebbkit.rule.ConstantRate;
import org.hebbkit.rule.HardWinnerTakeAll;
import org.hebbkit.rule.HebbianTerms;
import org.hebbkit.rule.KWinnersTakeAll;
import org.hebbkit.rule.KrotovCurrents;
import org.hebbkit.rule.KrotovRanking;
import org.hebbkit.rule.LearningRule;
import org.hebbkit.rule.LinearDecay;
import org.hebbkit.rule.RuleState;
import org.hebbkit.rule.SoftKrotov;
import org.hebbkit.rule.SoftWinnerTakeAll;
import org.hebbkit.rule.StepDecay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Strict configuration: every bad value is refused with a message naming the parameter (and, in JSON, its
 * place); {@link Configs#with} derives presets and names bad paths; every built-in preset round-trips; a
 * rule of one's own, once registered, works in preset JSON and in {@link HebbianNetwork#create}.
 */
class ConfigsTest {

    /** A small dense preset; tests replace parts of it. */
    private static final String PRESET = """
            {"name": "zoo-configs", "dataset": "synthetic", "input": [1, 4, 4], "training": "hebbian",
             "blocks": [{"batchNorm": false, "outChannels": 4, "conv": null, "response": {"type": "linear"},
               "competition": {"type": "k-wta", "k": 2}, "rule": {"type": "softhebb"},
               "learningRate": {"type": "constant", "rate": 0.01},
               "normaliseUpdate": true, "renormalise": false, "preTriangle": false,
               "activation": {"type": "relu"}, "pooling": null, "init": {"kind": "normal", "radius": 1}}],
             "unsupervised": {"mode": "successive", "epochs": 1, "batchSize": 8},
             "probe": {"epochs": 1, "batchSize": 8, "learningRate": 0.001, "dropout": 0.0, "milestones": [],
               "evalBatchSize": 8}}
            """;

    @Test
    void kLargerThanTheLayerIsRefusedInSpecsLayersAndJson() {
        assertMessage("k-wta: k = 5 is larger than the layer's 4 neurons; choose k <= 4", () -> BlockSpec.builder()
                .setOutChannels(4).setCompetition(new KWinnersTakeAll(5)).setRule(new Bcm(0.1, 0))
                .setLearningRate(new ConstantRate(0.1)).build());
        try (NDManager manager = NDManager.newBaseManager()) {
            assertMessage("k-wta: k = 5 is larger than the layer's 4 neurons; choose k <= 4", () -> HebbianLinear.builder()
                    .setInputs(3).setNeurons(4).setCompetition(new KWinnersTakeAll(5))
                    .setLearningRate(new ConstantRate(0.1)).build(manager, 0));
            // a grouped conv competes over all its neurons, so k may exceed one group's 2 neurons but not all 4
            HebbianConv2d.builder().setGeometry(new ConvGeometry(2, 4, 3, 1, 0, Padding.ZEROS, 1, 2))
                    .setCompetition(new KrotovRanking(3, 0.1)).setLearningRate(new ConstantRate(0.1)).build(manager, 0);
            assertMessage("krotov-ranking: k = 5 is larger than the layer's 4 neurons; choose k <= 4",
                    () -> HebbianConv2d.builder().setGeometry(new ConvGeometry(2, 4, 3, 1, 0, Padding.ZEROS, 1, 2))
                            .setCompetition(new KrotovRanking(5, 0.1)).setLearningRate(new ConstantRate(0.1))
                            .build(manager, 0));
        }
        assertPresetError("blocks[0]: adaptive-thresholds: k = 6 is larger than the layer's 4 neurons; choose k <= 4",
                "\"type\": \"k-wta\", \"k\": 2", "\"type\": \"adaptive-thresholds\", \"k\": 6, \"rate\": 0.1");
    }

    @Test
    void badParametersOfEveryComponentAreNamed() {
        assertMessage("p (Lebesgue power) must be at least 1 and finite, got 0.5", () -> new KrotovCurrents(0.5));
        assertMessage("p (Lebesgue power) must be at least 1 and finite, got Infinity",
                () -> new KrotovCurrents(Double.POSITIVE_INFINITY));
        assertMessage("rate (learning rate) must be positive and finite, got -0.1", () -> new ConstantRate(-0.1));
        assertMessage("rate (learning rate) must be positive and finite, got -0.1", () -> new LinearDecay(-0.1));
        assertMessage("rate (learning rate) must be positive and finite, got 0.0", () -> new StepDecay(0, 0.5, 1));
        assertMessage("rate (learning rate) must be positive and finite, got NaN",
                () -> new AdaptiveLearningRate(Double.NaN, 0.5));
        assertMessage("factor must be in (0, 1], got 1.5", () -> new StepDecay(0.1, 1.5, 1));
        assertMessage("everyEpochs must be at least 1, got 0", () -> new StepDecay(0.1, 0.5, 0));
        assertMessage("rate must be positive and finite, got -1.0", () -> new AdaptiveThresholds(1, -1));
        assertMessage("k must be at least 1, got 0", () -> new AdaptiveThresholds(0, 0.1));
        assertMessage("k must be at least 1, got 0", () -> new KWinnersTakeAll(0));
        assertMessage("k must be at least 2 (rank 1 is the winner), got 1", () -> new KrotovRanking(1, 0.1));
        assertMessage("delta must be in [0, 1], got -0.5", () -> new KrotovRanking(2, -0.5));
        assertMessage("thresholdRate must be in (0, 1], got -0.1", () -> new Bcm(-0.1, 0));
        assertMessage("initialThreshold must be finite and non-negative, got -1.0", () -> new Bcm(0.1, -1));
        assertMessage("temperatureInverse must be positive and finite, got 0.0", () -> new SoftWinnerTakeAll(0));
        assertMessage("temperatureInverse must be positive and finite, got -1.0", () -> new SoftKrotov(-1));
        assertPresetError("blocks[0].response: p (Lebesgue power) must be at least 1 and finite, got 0.5",
                "\"response\": {\"type\": \"linear\"}", "\"response\": {\"type\": \"krotov-currents\", \"p\": 0.5}");
        assertPresetError("blocks[0].learningRate: rate (learning rate) must be positive and finite, got -0.01",
                "\"rate\": 0.01", "\"rate\": -0.01");
    }

    @Test
    void infiniteParametersAreRefusedLikeNegativeOnes() {
        assertThrows(IllegalArgumentException.class, () -> new SoftWinnerTakeAll(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new SoftKrotov(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new Triangle(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new org.hebbkit.nn.ChannelSoftmax(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new org.hebbkit.nn.WeightInit(
                org.hebbkit.nn.WeightInit.Kind.NORMAL, Double.POSITIVE_INFINITY));
    }

    @Test
    void jsonErrorsNameTheFieldAndListWhatIsValid() {
        assertPresetError("blocks[0].competition: unknown field 'tau'; valid fields: temperatureInverse",
                "\"type\": \"k-wta\", \"k\": 2", "\"type\": \"soft-wta\", \"temperatureInverse\": 2, \"tau\": 1");
        assertPresetError("blocks[0].competition: unknown competition type 'softmax'; valid: none, hard-wta, k-wta, soft-wta,"
                + " soft-krotov, krotov-ranking, adaptive-thresholds",
                "\"type\": \"k-wta\"", "\"type\": \"softmax\"");
        assertPresetError("blocks[0].competition.k: missing value (int)",
                "\"type\": \"k-wta\", \"k\": 2", "\"type\": \"k-wta\"");
        assertPresetError("blocks[0].competition.k: must be a whole number, got 2.5",
                "\"k\": 2", "\"k\": 2.5");
        assertPresetError("blocks[0].competition.k: must be a number, got \"2\"",
                "\"k\": 2", "\"k\": \"2\"");
        assertPresetError("blocks[0].normaliseUpdate: missing value (boolean)",
                "\"normaliseUpdate\": true,", "");
        assertPresetError("blocks[0].competition.temperatureInverse: must be a number, got \"Infinity\"",
                "\"type\": \"k-wta\", \"k\": 2", "\"type\": \"soft-wta\", \"temperatureInverse\": Infinity");
        assertPresetError("blocks[0].renormalise: must be true or false, got 1",
                "\"renormalise\": false", "\"renormalise\": 1");
        IllegalArgumentException noType = assertThrows(IllegalArgumentException.class,
                () -> Presets.fromJson(presetWith("\"rule\": {\"type\": \"softhebb\"}", "\"rule\": {}")));
        assertTrue(noType.getMessage().startsWith("preset JSON: blocks[0].rule: missing \"type\"; valid learning rule types: softhebb,"
                + " hebb, instar, oja, bcm"), noType.getMessage());
        assertPresetError("blocks[0].init.kind: unknown value 'gaussian'; valid: normal, uniform",
                "\"kind\": \"normal\"", "\"kind\": \"gaussian\"");
        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class,
                () -> Presets.fromJson("{\"name\": "));
        assertTrue(notJson.getMessage().startsWith("preset JSON: not valid JSON: "), notJson.getMessage());
    }

    @Test
    void withDerivesPresetsAndNamesBadPaths() {
        Preset preset = Presets.fromJson(PRESET);
        Preset three = Configs.with(preset, "blocks.0.competition.k", 3);
        assertEquals(new KWinnersTakeAll(3), three.blocks().get(0).competition());
        assertEquals(preset, Configs.with(three, "blocks.0.competition.k", 2), "back to where it started");
        Preset hard = Configs.with(preset, "blocks.*.competition", new HardWinnerTakeAll());
        assertEquals(new HardWinnerTakeAll(), hard.blocks().get(0).competition());
        assertEquals(preset.blocks().get(0).rule(), hard.blocks().get(0).rule());
        Preset fromTree = Configs.with(preset, "blocks.0.learningRate",
                JsonParser.parseString("{\"type\": \"step-decay\", \"rate\": 0.1, \"factor\": 0.5, \"everyEpochs\": 2}"));
        assertEquals(new StepDecay(0.1, 0.5, 2), fromTree.blocks().get(0).learningRate());
        assertEquals(5, Configs.with(preset, "probe.epochs", 5).probe().epochs());
        assertEquals(preset, Presets.fromJson(Presets.toJson(Configs.with(three, "blocks.0.competition.k", 2))));

        assertMessage("path blocks.0.competition.tau: no such field; valid fields of blocks.0.competition: k",
                () -> Configs.with(preset, "blocks.0.competition.tau", 1));
        assertMessage("path blocks.0.competition.type: no such field; valid fields of blocks.0.competition: k",
                () -> Configs.with(preset, "blocks.0.competition.type", "soft-wta"));
        assertMessage("path blocks.2: index out of range 0..0", () -> Configs.with(preset, "blocks.2.outChannels", 8));
        assertMessage("path blocks.first: a list needs an index 0..0 or *, got 'first'",
                () -> Configs.with(preset, "blocks.first.outChannels", 8));
        assertMessage("path probe.epochs.count: probe.epochs is a plain value, it has no fields",
                () -> Configs.with(preset, "probe.epochs.count", 8));
        IllegalArgumentException top = assertThrows(IllegalArgumentException.class, () -> Configs.with(preset, "epochs", 2));
        assertTrue(top.getMessage().startsWith("path epochs: no such field; valid fields: name, description, reference,"
                + " dataset, input, preprocessing, blocks, training, unsupervised, probe, readout"), top.getMessage());
        assertMessage("blocks[0].competition: k must be at least 1, got 0",
                () -> Configs.with(preset, "blocks.0.competition.k", 0));
        assertMessage("blocks[0]: k-wta: k = 9 is larger than the layer's 4 neurons; choose k <= 4",
                () -> Configs.with(preset, "blocks.0.competition.k", 9));
    }

    @Test
    void aBlocksPartsAreFlatInItsJson() {
        Preset preset = Presets.fromJson(PRESET);
        BlockSpec block = preset.blocks().get(0);
        assertEquals(new BlockSpec.Layer(4, null, new org.hebbkit.nn.WeightInit(org.hebbkit.nn.WeightInit.Kind.NORMAL, 1),
                null), block.layer());
        assertEquals(block.layer().outChannels(), block.outChannels());
        assertEquals(8, Configs.with(preset, "blocks.0.outChannels", 8).blocks().get(0).layer().outChannels());
        assertEquals(new HardWinnerTakeAll(), Configs.with(preset, "blocks.0.competition", new HardWinnerTakeAll())
                .blocks().get(0).activity().competition());
        assertPresetError("blocks[0]: unknown field 'layer'; valid fields: batchNorm, outChannels, conv, response,"
                + " competition, rule, learningRate, normaliseUpdate, renormalise, preTriangle, activation, pooling, init,"
                + " preprocessing, mask", "\"batchNorm\": false,", "\"batchNorm\": false, \"layer\": {},");
        assertPresetError("blocks[0]: outChannels must be at least 1, got 0", "\"outChannels\": 4", "\"outChannels\": 0");
        assertPresetError("blocks[0]: init is missing", ", \"init\": {\"kind\": \"normal\", \"radius\": 1}", "");
        assertPresetError("blocks[0].preTriangle: missing value (boolean)", " \"preTriangle\": false,", "");
        assertPresetError("blocks[0]: pooling needs a conv block (conv is missing: this is a linear block)",
                "\"pooling\": null", "\"pooling\": {\"kind\": \"max\", \"kernel\": 2, \"stride\": 2, \"padding\": 0}");
        assertMessage("path blocks.0.layer: no such field; valid fields of blocks.0: batchNorm, outChannels, conv, response,"
                + " competition, rule, learningRate, normaliseUpdate, renormalise, preTriangle, activation, pooling, init,"
                + " preprocessing, mask", () -> Configs.with(preset, "blocks.0.layer", 8));
    }

    /** A part whose fields are written into its parent. */
    public record Part(int a, String b) {}

    /** Written {@code c, b, a}: the part's fields around the parent's own. */
    @Configs.FieldOrder({"c", "b", "a"})
    public record Whole(@Configs.Inline Part part, int c) {}

    /** Its written order forgets {@code c}. */
    @Configs.FieldOrder({"a", "b"})
    public record Drifted(@Configs.Inline Part part, int c) {}

    /** Two parts that both hold {@code a}. */
    public record Twice(@Configs.Inline Part one, @Configs.Inline Part two) {}

    @Test
    void inlinePartsAreWrittenFlatInTheirOrderAndReadBack() {
        Whole whole = new Whole(new Part(1, "x"), 3);
        assertEquals("{\"c\":3,\"b\":\"x\",\"a\":1}", Configs.toTree(whole).toString());
        assertEquals(whole, Configs.fromJson("{\"a\": 1, \"b\": \"x\", \"c\": 3}", Whole.class));
        assertEquals(new Whole(new Part(1, null), 3), Configs.fromJson("{\"a\": 1, \"c\": 3}", Whole.class));
        assertEquals(List.of("c", "b", "a"), Configs.paths(whole));
        assertEquals(new Whole(new Part(5, "x"), 3), Configs.with(whole, "a", 5));
        assertMessage("a: missing value (int)",
                () -> Configs.fromJson("{\"b\": \"x\", \"c\": 3}", Whole.class));
        assertMessage("unknown field 'part'; valid fields: c, b, a",
                () -> Configs.fromJson("{\"part\": {\"a\": 1}, \"c\": 3}", Whole.class));
        IllegalStateException drifted = assertThrows(IllegalStateException.class,
                () -> Configs.toJson(new Drifted(new Part(1, "x"), 3)));
        assertTrue(drifted.getMessage().contains("@FieldOrder must name each of its fields (a, b, c) once; missing: [c]"),
                drifted.getMessage());
        assertThrows(IllegalStateException.class, () -> Configs.fromJson("{\"a\": 1}", Drifted.class));
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> Configs.toJson(new Twice(new Part(1, "x"), new Part(2, "y"))));
        assertTrue(twice.getMessage().endsWith("field a occurs twice among its @Inline parts"), twice.getMessage());
    }

    @Test
    void everyBuiltInPresetRoundTripsThroughJson() {
        Map<String, Preset> all = Presets.all();
        assertTrue(all.size() >= 13, "the paper presets and their baselines: " + all.keySet());
        for (Preset preset : all.values()) {
            String json = Presets.toJson(preset);
            Preset again = Presets.fromJson(json);
            assertEquals(preset, again, preset.name());
            assertEquals(json, Presets.toJson(again), preset.name() + " writes the same text twice");
        }
    }

    /** A rule of one's own: plain Hebb scaled by a factor, {@code a = scale * y}. */
    public record ScaledHebb(double scale) implements LearningRule {

        /** Checks the scale. */
        public ScaledHebb {
            if (!(scale > 0)) {
                throw new IllegalArgumentException("scale must be positive, got " + scale);
            }
        }

        @Override
        public HebbianTerms terms(NDArray pre, NDArray post, RuleState state) {
            return new HebbianTerms(post.mul(scale), null);
        }
    }

    /** Not registered. */
    public record UnregisteredRule() implements LearningRule {
        @Override
        public HebbianTerms terms(NDArray pre, NDArray post, RuleState state) {
            return new HebbianTerms(post, null);
        }
    }

    @Test
    void aRegisteredRuleOfOnesOwnWorksInPresetsAndNetworks() {
        Components.register(new Component<>(LearningRule.class, "zoo-scaled-hebb", ScaledHebb.class, "dW = scale y x^T",
                "ConfigsTest"));
        Components.register(new Component<>(LearningRule.class, "zoo-scaled-hebb", ScaledHebb.class, "dW = scale y x^T",
                "registering the same class twice is harmless"));
        assertEquals(ScaledHebb.class, Components.implementation(LearningRule.class, "zoo-scaled-hebb"));
        assertEquals("zoo-scaled-hebb", Components.typeOf(new ScaledHebb(2)));
        assertMessage("LearningRule type 'zoo-scaled-hebb' is already registered for " + ScaledHebb.class.getName(),
                () -> Components.register(new Component<>(LearningRule.class, "zoo-scaled-hebb", UnregisteredRule.class,
                        "", "")));

        Preset preset = Presets.fromJson(presetWith("\"rule\": {\"type\": \"softhebb\"}",
                "\"rule\": {\"type\": \"zoo-scaled-hebb\", \"scale\": 0.5}"));
        assertEquals(new ScaledHebb(0.5), preset.blocks().get(0).rule());
        assertTrue(Presets.toJson(preset).contains("\"type\": \"zoo-scaled-hebb\""), Presets.toJson(preset));
        assertEquals(preset, Presets.fromJson(Presets.toJson(preset)));
        assertPresetError("blocks[0].rule: scale must be positive, got -1.0",
                 "\"rule\": {\"type\": \"softhebb\"}", "\"rule\": {\"type\": \"zoo-scaled-hebb\", \"scale\": -1}");
        assertPresetError("blocks[0].rule: unknown field 'factor'; valid fields: scale",
                 "\"rule\": {\"type\": \"softhebb\"}", "\"rule\": {\"type\": \"zoo-scaled-hebb\", \"factor\": 1}");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Presets.fromJson(
                presetWith("\"type\": \"softhebb\"", "\"type\": \"zoo-unknown\"")));
        assertTrue(unknown.getMessage().contains("zoo-scaled-hebb"), "the registered rule is listed: " + unknown.getMessage());

        Preset plain = Configs.with(preset, "blocks.0.rule", JsonParser.parseString("{\"type\": \"hebb\"}"));
        try (HebbianNetwork mine = HebbianNetwork.create(preset, Device.cpu(), 3);
                HebbianNetwork hebb = HebbianNetwork.create(plain, Device.cpu(), 3);
                NDManager data = NDManager.newBaseManager()) {
            NDArray x = data.randomUniform(0, 1, new Shape(6, 1, 4, 4));
            float[] scaled = delta(mine, x);
            float[] reference = delta(hebb, x);
            double largest = 0;
            for (int i = 0; i < scaled.length; i++) {
                assertEquals(0.5 * reference[i], scaled[i], 1e-6, "dW at " + i);
                largest = Math.max(largest, Math.abs(reference[i]));
            }
            assertTrue(largest > 0.1, "the rule changes something");
        }

        IllegalArgumentException unregistered = assertThrows(IllegalArgumentException.class,
                () -> Configs.toJson(new UnregisteredRule()));
        assertTrue(unregistered.getMessage().startsWith(UnregisteredRule.class.getName() + " is not a registered component"),
                unregistered.getMessage());
        assertMessage("component zoo-record: java.lang.String must be a record implementing LearningRule",
                () -> new Component<>(LearningRule.class, "zoo-record", notARule(), "", ""));
    }

    /** String, typed as a rule class, as an untyped caller (reflection, a notebook) could pass it. */
    @SuppressWarnings("unchecked")
    private static Class<? extends LearningRule> notARule() {
        return (Class<? extends LearningRule>) (Class<?>) String.class;
    }

    private static float[] delta(HebbianNetwork network, NDArray x) {
        HebbianLayer layer = network.blocks().get(0).layer();
        try (NDManager scope = network.newScope()) {
            return layer.delta(scope.create(x.toFloatArray(), x.getShape())).toFloatArray();
        }
    }

    /**
     * The preset with {@code part} (which must occur in it) replaced is refused with {@code expected}, after the
     * {@code preset JSON: } that {@link Presets#fromJson} puts first.
     */
    private static void assertPresetError(String expected, String part, String replacement) {
        assertMessage("preset JSON: " + expected, () -> Presets.fromJson(presetWith(part, replacement)));
    }

    private static String presetWith(String part, String replacement) {
        assertTrue(PRESET.contains(part), "the test preset holds " + part);
        return PRESET.replace(part, replacement);
    }

    private static void assertMessage(String expected, Executable executable) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, executable).getMessage());
    }

    @Test
    void unknownRuleTypeListsTheBuiltInRules() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Components.implementation(LearningRule.class, "sofhebb"));
        assertTrue(error.getMessage().startsWith("unknown learning rule type 'sofhebb'; valid: softhebb, hebb, instar, oja,"
                + " bcm"), error.getMessage());
        assertFalse(Components.all().isEmpty());
        assertEquals(List.of("scale: double"), new Component<>(LearningRule.class, "zoo-parameters", ScaledHebb.class,
                "", "").parameters());
    }
}
