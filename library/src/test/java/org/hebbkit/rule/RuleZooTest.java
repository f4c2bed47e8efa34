package org.hebbkit.rule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.hebbkit.nn.ConvGeometry;
import org.hebbkit.nn.HebbianConv2d;
import org.hebbkit.nn.HebbianLayer;
import org.hebbkit.nn.HebbianLinear;
import org.hebbkit.nn.NaiveConvolution;
import org.hebbkit.nn.Padding;
import org.hebbkit.nn.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule, competition, response and schedule of the zoo against loops over indices in double
 * precision ({@link NaiveRules}), first as pure functions, then inside conv and dense layers, where one
 * learning step must change the weights by exactly {@code lr * dW / max|dW|}.
 */
class RuleZooTest extends ManagerPerTest {

    private static final int NEURONS = 5;
    private static final int INPUTS = 7;
    private static final int COLUMNS = 11;

    private final SplittableRandom random = new SplittableRandom(42);

    static Stream<LearningRule> rules() {
        return Stream.of(new SoftHebbRule(), new PlainHebb(), new Instar(), new Oja(), new Bcm(0.3, 0.5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void ruleDeltaEqualsTheNaiveLoop(LearningRule rule) {
        double[][] w = NaiveRules.normalMatrix(random, NEURONS, INPUTS);
        double[][] x = NaiveRules.normalMatrix(random, INPUTS, COLUMNS);
        double[][] u = NaiveRules.normalMatrix(random, NEURONS, COLUMNS);
        double[][] y = NaiveRules.normalMatrix(random, NEURONS, COLUMNS);
        double[] theta = new double[NEURONS];
        RuleState state = rule instanceof Bcm ? thresholds(Bcm.THRESHOLD, 0.2, 1, theta) : RuleState.NONE;
        NDArray nd = NaiveRules.create(manager, w);
        NDArray change = rule.delta(nd, NaiveRules.create(manager, x), NaiveRules.create(manager, u),
                NaiveRules.create(manager, y), state);
        assertEquals(new Shape(NEURONS, INPUTS), change.getShape());
        double error = NaiveRules.relativeError(NaiveRules.delta(rule, w, x, u, y, theta), change.toFloatArray());
        assertTrue(error < 1e-6, rule + ": max |dW - naive| / max |naive| = " + error);

        if (rule instanceof Bcm bcm) {
            rule.updateState(NaiveRules.create(manager, u), NaiveRules.create(manager, y), state);
            double[] expected = NaiveRules.bcmThreshold(bcm, theta, y);
            float[] moved = state.get(Bcm.THRESHOLD).toFloatArray();
            for (int o = 0; o < NEURONS; o++) {
                assertEquals(expected[o], moved[o], 1e-5, "threshold of neuron " + o);
                assertTrue(Math.abs(moved[o] - theta[o]) > 1e-3, "the threshold moved");
            }
        }
    }

    @Test
    void rulesWithoutStateUseTheFourArgumentDelta() {
        double[][] w = NaiveRules.normalMatrix(random, NEURONS, INPUTS);
        double[][] x = NaiveRules.normalMatrix(random, INPUTS, COLUMNS);
        double[][] u = NaiveRules.normalMatrix(random, NEURONS, COLUMNS);
        float[] delta = new Oja().delta(NaiveRules.create(manager, w), NaiveRules.create(manager, x),
                NaiveRules.create(manager, u), NaiveRules.create(manager, u)).toFloatArray();
        assertTrue(NaiveRules.relativeError(NaiveRules.delta(new Oja(), w, x, u, u, null), delta) < 1e-6);
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> new Bcm(0.1, 0)
                .delta(NaiveRules.create(manager, w), NaiveRules.create(manager, x), NaiveRules.create(manager, u),
                        NaiveRules.create(manager, u)));
        assertTrue(missing.getMessage().startsWith("no state variable 'threshold'"), missing.getMessage());
    }

    static Stream<Competition> competitions() {
        return Stream.of(new NoCompetition(), new HardWinnerTakeAll(), new KWinnersTakeAll(1), new KWinnersTakeAll(2),
                new KWinnersTakeAll(3), new SoftWinnerTakeAll(0.7), new SoftKrotov(0.7), new KrotovRanking(2, 0.4),
                new KrotovRanking(3, 1.0), new AdaptiveThresholds(1, 0.1), new AdaptiveThresholds(2, 0.05));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("competitions")
    void competitionEqualsTheNaiveLoop(Competition competition) {
        double[][] u = NaiveRules.normalMatrix(random, NEURONS, COLUMNS);
        NDArray pre = NaiveRules.create(manager, u);
        double[] theta = new double[NEURONS];
        RuleState state = competition instanceof AdaptiveThresholds
                ? thresholds(AdaptiveThresholds.THRESHOLD, -1, 2, theta) : RuleState.NONE;
        NDArray post = competition.compete(pre, Competition.winners(pre), state);
        double[][] expected = NaiveRules.compete(competition, u, theta);
        double error = NaiveRules.relativeError(expected, post.toFloatArray());
        assertTrue(error < 1e-6, competition + ": max |y - naive| / max |naive| = " + error);
        if (competition instanceof AdaptiveThresholds adaptive) {
            assertThrows(IllegalStateException.class, () -> competition.compete(pre));
            assertTrue(differsFrom(NaiveRules.compete(new KWinnersTakeAll(adaptive.k()), u, null), expected),
                    "the thresholds change who wins");
            competition.updateState(pre, post, state);
            double[] next = NaiveRules.adaptiveThreshold(adaptive, theta, expected);
            float[] moved = state.get(AdaptiveThresholds.THRESHOLD).toFloatArray();
            for (int o = 0; o < NEURONS; o++) {
                assertEquals(next[o], moved[o], 1e-6, "threshold of neuron " + o);
            }
        } else {
            assertTrue(NaiveRules.relativeError(expected, competition.compete(pre).toFloatArray()) < 1e-6,
                    "compete(u) equals compete(u, winners, state)");
        }
    }

    @Test
    void kWinnersAndRankingPickTheRightRanks() {
        // one column, neurons ranked 3 > 0 > 4 > 1 > 2
        NDArray pre = manager.create(new float[] {0.5f, -1, -2, 3, 0}, new Shape(5, 1));
        assertArrayEquals(new float[] {1, 0, 0, 1, 1}, new KWinnersTakeAll(3).compete(pre).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 1, 0}, new HardWinnerTakeAll().compete(pre).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 1, -0.25f}, new KrotovRanking(3, 0.25).compete(pre).toFloatArray(),
                "only rank k is pushed away, not ranks 2..k");
        assertArrayEquals(new float[] {-0.25f, 0, 0, 1, 0}, new KrotovRanking(2, 0.25).compete(pre).toFloatArray());
    }

    @ParameterizedTest(name = "p = {0}")
    @org.junit.jupiter.params.provider.ValueSource(doubles = {1, 1.5, 2, 3, 4.5})
    void krotovCurrentsEqualTheNaiveLoop(double p) {
        double[][] w = NaiveRules.normalMatrix(random, NEURONS, INPUTS);
        double[][] x = NaiveRules.normalMatrix(random, INPUTS, COLUMNS);
        KrotovCurrents response = new KrotovCurrents(p);
        NDArray effective = response.effectiveWeight(NaiveRules.create(manager, w));
        double[][] expected = NaiveRules.effectiveWeight(response, w);
        assertTrue(NaiveRules.relativeError(expected, effective.toFloatArray()) < 1e-6);
        double[][] u = NaiveRules.product(expected, x);
        assertTrue(NaiveRules.relativeError(u, effective.matMul(NaiveRules.create(manager, x)).toFloatArray()) < 1e-5);
        assertEquals(p, response.lebesguePower());
        if (p != 2) {
            assertTrue(differsFrom(expected, w), "p = " + p + " is not the linear response");
        }
    }

    @Test
    void schedulesGiveTheirDocumentedRates() {
        NDArray w = manager.ones(new Shape(3, 4));
        assertRate(0.3, new ConstantRate(0.3).perNeuron(w, new TrainingProgress(5, 10, 0.5)));
        LinearDecay linear = new LinearDecay(0.1);
        assertRate(0.1, linear.perNeuron(w, new TrainingProgress(0, 10, 0)));
        assertRate(0.07, linear.perNeuron(w, new TrainingProgress(3, 10, 0.3)));
        assertRate(0.01, linear.perNeuron(w, new TrainingProgress(9, 10, 0.9)), "the last epoch runs at rate / epochs");
        StepDecay step = new StepDecay(0.2, 0.5, 2);
        assertRate(0.2, step.perNeuron(w, new TrainingProgress(0, 10, 0)));
        assertRate(0.2, step.perNeuron(w, new TrainingProgress(1, 10, 0.1)));
        assertRate(0.1, step.perNeuron(w, new TrainingProgress(2, 10, 0.2)));
        assertRate(0.05, step.perNeuron(w, new TrainingProgress(5, 10, 0.5)));
        NDArray doubles = manager.ones(new Shape(2, 2), DataType.FLOAT64);
        assertEquals(DataType.FLOAT64, new StepDecay(0.2, 0.5, 2).perNeuron(doubles, TrainingProgress.START).getDataType(),
                "rates follow the weights' type");
    }

    /** A state of one variable {@code [NEURONS, 1]}, uniform in [from, from + width); the values also go to theta. */
    private RuleState thresholds(String name, double from, double width, double[] theta) {
        float[] values = new float[NEURONS];
        for (int o = 0; o < NEURONS; o++) {
            values[o] = (float) (from + width * random.nextDouble());
            theta[o] = values[o];
        }
        return new RuleState(Map.of(name, manager.create(values, new Shape(NEURONS, 1))));
    }

    private static void assertRate(double expected, NDArray rates, String... message) {
        assertEquals(new Shape(3, 1), rates.getShape());
        for (float rate : rates.toFloatArray()) {
            assertEquals(expected, rate, 1e-7, String.join(" ", message));
        }
    }

    /** A rule with the competition and response it is used with in the layer-level check. */
    record Setup(String name, LearningRule rule, Competition competition, Response response) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Setup> setups() {
        return List.of(new Setup("softhebb soft-krotov", new SoftHebbRule(), new SoftKrotov(0.7), new LinearResponse()),
                new Setup("hebb k-wta 2", new PlainHebb(), new KWinnersTakeAll(2), new LinearResponse()),
                new Setup("instar adaptive-thresholds", new Instar(), new AdaptiveThresholds(1, 0.2), new LinearResponse()),
                new Setup("oja none", new Oja(), new NoCompetition(), new LinearResponse()),
                new Setup("bcm soft-wta", new Bcm(0.25, 0.3), new SoftWinnerTakeAll(1.0), new LinearResponse()),
                new Setup("krotov", new SoftHebbRule(), new KrotovRanking(3, 0.4), new KrotovCurrents(3)));
    }

    static Stream<Arguments> layerCases() {
        List<ConvGeometry> geometries = new ArrayList<>();
        geometries.add(new ConvGeometry(4, 6, 3, 2, 1, Padding.ZEROS, 1, 1));
        geometries.add(new ConvGeometry(4, 6, 3, 2, 1, Padding.REFLECT, 1, 2));
        geometries.add(new ConvGeometry(4, 6, 2, 1, 1, Padding.ZEROS, 2, 2));
        geometries.add(null); // a dense layer
        List<Arguments> cases = new ArrayList<>();
        for (ConvGeometry geometry : geometries) {
            for (Setup setup : setups()) {
                cases.add(Arguments.of(geometry == null ? "linear 12 -> 6" : geometry.toString(), setup, geometry));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("layerCases")
    void oneLearningStepMovesTheWeightsByTheNormalisedNaiveUpdate(String name, Setup setup, ConvGeometry geometry) {
        double rate = 0.1 * 0.5 * 0.5; // StepDecay(0.1, 0.5, 1) at epoch 2
        HebbianLayer layer = geometry == null
                ? configure(HebbianLinear.builder().setInputs(12).setNeurons(6), setup).build(manager, 3)
                : configure(HebbianConv2d.builder().setGeometry(geometry), setup).build(manager, 3);
        layer.setProgress(new TrainingProgress(2, 4, 0.5));
        int neurons = layer.neurons();
        double[] ruleTheta = randomState(layer.ruleState(), neurons, 0.2, 0.6);
        double[] competitionTheta = randomState(layer.competitionState(), neurons, 0, 0.5);

        int[] xShape = geometry == null ? new int[] {5, 12} : new int[] {2, geometry.inChannels(), 7, 6};
        float[] xs = NaiveRules.normal(random, java.util.Arrays.stream(xShape).reduce(1, (a, b) -> a * b), 1, 0.2);
        NDArray x = manager.create(xs, new Shape(java.util.Arrays.stream(xShape).asLongStream().toArray()));
        double[][][] patches = geometry == null ? new double[][][] {transpose(NaiveRules.matrix(xs, 5))}
                : NaiveConvolution.patches(xs, xShape, geometry);
        int groups = patches.length;
        float[] w0 = layer.weight().toFloatArray();
        double[][] w = NaiveRules.matrix(w0, neurons);
        double[][] f = NaiveRules.effectiveWeight(setup.response(), w);
        int columns = patches[0][0].length;
        double[][] u = new double[neurons][];
        for (int o = 0; o < neurons; o++) {
            u[o] = NaiveRules.product(new double[][] {f[o]}, patches[o / (neurons / groups)])[0];
        }
        double[][] y = NaiveRules.compete(setup.competition(), u, competitionTheta);
        double[][] delta = new double[neurons][];
        double largest = 0;
        for (int o = 0; o < neurons; o++) {
            delta[o] = NaiveRules.deltaRow(setup.rule(), w[o], patches[o / (neurons / groups)], u[o], y[o], ruleTheta[o]);
            for (double d : delta[o]) {
                largest = Math.max(largest, Math.abs(d));
            }
        }
        assertTrue(largest > 1e-3, "the rule changes something");

        // the output is the plain W x whatever the response (u drives learning only)
        float[] out = layer.forward(x, true).toFloatArray();
        for (int o = 0; o < neurons; o++) {
            double[] plain = NaiveRules.product(new double[][] {w[o]}, patches[o / (neurons / groups)])[0];
            for (int n = 0; n < columns; n++) {
                int perImage = columns / xShape[0];
                int flat = ((n / perImage) * neurons + o) * perImage + n % perImage;
                assertEquals(plain[n], out[flat], 1e-4 * (1 + Math.abs(plain[n])), "W x of neuron " + o + " at column " + n);
            }
        }
        float[] w1 = layer.weight().toFloatArray();
        double worst = 0;
        for (int o = 0; o < neurons; o++) {
            for (int i = 0; i < w[0].length; i++) {
                double step = (w1[o * w[0].length + i] - w[o][i]) / rate;
                worst = Math.max(worst, Math.abs(step - delta[o][i] / largest));
            }
        }
        assertTrue(worst < 1e-4, "max |dW / lr - naive dW / max|naive dW|| = " + worst);

        if (setup.rule() instanceof Bcm bcm) {
            assertClose(NaiveRules.bcmThreshold(bcm, ruleTheta, y), layer.ruleState().get(Bcm.THRESHOLD), "rule.threshold");
        }
        if (setup.competition() instanceof AdaptiveThresholds adaptive) {
            assertClose(NaiveRules.adaptiveThreshold(adaptive, competitionTheta, y),
                    layer.competitionState().get(AdaptiveThresholds.THRESHOLD), "competition.threshold");
        }
    }

    private static <T extends HebbianLayer.BaseBuilder<T>> T configure(T builder, Setup setup) {
        return builder.setCompetition(setup.competition()).setLearningRate(new StepDecay(0.1, 0.5, 1))
                .optRule(setup.rule()).optResponse(setup.response()).optNormaliseUpdate(true)
                .optInit(new WeightInit(WeightInit.Kind.NORMAL, 2));
    }

    /** Sets every state array of {@code state} to random values in [from, from + width); returns them (zeros if none). */
    private double[] randomState(RuleState state, int neurons, double from, double width) {
        double[] values = new double[neurons];
        for (NDArray array : state.arrays().values()) {
            float[] floats = new float[neurons];
            for (int o = 0; o < neurons; o++) {
                floats[o] = (float) (from + width * random.nextDouble());
                values[o] = floats[o];
            }
            array.set(floats);
        }
        return values;
    }

    private static void assertClose(double[] expected, NDArray actual, String what) {
        float[] values = actual.toFloatArray();
        for (int o = 0; o < expected.length; o++) {
            assertEquals(expected[o], values[o], 1e-5, what + " of neuron " + o);
        }
    }

    private static double[][] transpose(double[][] m) {
        double[][] t = new double[m[0].length][m.length];
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < m[0].length; c++) {
                t[c][r] = m[r][c];
            }
        }
        return t;
    }

    private static boolean differsFrom(double[][] a, double[][] b) {
        for (int r = 0; r < a.length; r++) {
            for (int c = 0; c < a[0].length; c++) {
                if (Math.abs(a[r][c] - b[r][c]) > 1e-6) {
                    return true;
                }
            }
        }
        return false;
    }
}
