package org.hebbkit.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.hebbkit.nn.ConvGeometry;
import org.hebbkit.nn.HebbianConv2d;
import org.hebbkit.nn.HebbianLayer;
import org.hebbkit.nn.HebbianLinear;
import org.hebbkit.nn.Padding;
import org.hebbkit.nn.WeightInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gradient route equals the explicit route (Miconi 2021, "Hebbian learning with gradients"): in float64,
 * the gradient of {@link HebbianLayer#surrogateLoss} with respect to the weights is minus
 * {@link HebbianLayer#delta} for every rule, competition, response and layer geometry, and one plain SGD
 * step on the surrogate loss moves the weights by {@code lr * dW}.
 *
 * <p>Layers create float32 weights and offer no option for another type; the test turns them into float64 in
 * place with DJL's {@link NDArray#intern} (the layer keeps its array object, which then holds a float64
 * tensor) and clears the element type the PyTorch engine caches in the Java object, by reflection.
 */
class GradientRouteTest extends ManagerPerTest {

    /** Float64 leaves only rounding: the two routes must agree to about 1e-15 relative. */
    private static final double TOLERANCE = 1e-9;


    /** One layer configuration whose two routes are compared. */
    record Combination(LearningRule rule, Competition competition, Response response, boolean preTriangle) {
        @Override
        public String toString() {
            return rule + " " + competition + " " + response + (preTriangle ? " pre-triangle" : "");
        }
    }

    /**
     * Every rule with the competitions none, hard-wta, soft-krotov and k-wta (k = 2); every rule with Krotov's
     * currents (p = 3); the other competitions and the pre-triangle with SoftHebb's rule.
     */
    static List<Combination> combinations() {
        List<LearningRule> rules = List.of(new SoftHebbRule(), new PlainHebb(), new Instar(), new Oja(), new Bcm(0.2, 0.3));
        List<Combination> all = new ArrayList<>();
        for (LearningRule rule : rules) {
            for (Competition competition : List.of(new NoCompetition(), new HardWinnerTakeAll(), new SoftKrotov(0.8),
                    new KWinnersTakeAll(2))) {
                all.add(new Combination(rule, competition, new LinearResponse(), false));
            }
            all.add(new Combination(rule, new KrotovRanking(2, 0.4), new KrotovCurrents(3), false));
        }
        for (Competition competition : List.of(new SoftWinnerTakeAll(1.5), new KrotovRanking(3, 0.4),
                new AdaptiveThresholds(2, 0.1))) {
            all.add(new Combination(new SoftHebbRule(), competition, new LinearResponse(), false));
        }
        all.add(new Combination(new SoftHebbRule(), new SoftKrotov(0.8), new KrotovCurrents(3), true));
        return all;
    }

    static Stream<Arguments> layers() {
        return Stream.of(Arguments.of("linear 10 -> 6", null),
                Arguments.of("conv stride 1 padding 0", new ConvGeometry(4, 6, 3, 1, 0, Padding.ZEROS, 1, 1)),
                Arguments.of("conv stride 2 padding 1 groups 2", new ConvGeometry(4, 6, 3, 2, 1, Padding.ZEROS, 1, 2)),
                Arguments.of("conv reflect padding 1 dilation 2", new ConvGeometry(4, 6, 3, 1, 1, Padding.REFLECT, 2, 1)),
                Arguments.of("conv stride 2 reflect dilation 2 groups 2",
                        new ConvGeometry(4, 6, 2, 2, 1, Padding.REFLECT, 2, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void surrogateGradientIsMinusTheRuleUpdate(String name, ConvGeometry geometry) {
        List<String> failures = new ArrayList<>();
        double worst = 0;
        long seed = 0;
        for (Combination combination : combinations()) {
            try (NDManager scope = manager.newSubManager()) {
                HebbianLayer layer = float64Layer(scope, geometry, combination.rule(), combination.competition(),
                        combination.response(), combination.preTriangle(), seed++);
                NDArray x = float64Input(scope, geometry, seed);
                double error = gradientError(layer, x, layer.delta(x));
                worst = Math.max(worst, error);
                if (!(error < TOLERANCE)) {
                    failures.add(combination + ": max |grad + dW| / max |dW| = " + error);
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " combinations differ:\n" + String.join("\n", failures));
        assertTrue(worst < TOLERANCE, "worst relative error " + worst);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void oneSgdStepOnTheSurrogateLossIsTheHebbianStep(String name, ConvGeometry geometry) {
        float learningRate = 0.125f;
        Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(learningRate)).optMomentum(0)
                .optWeightDecays(0).setRescaleGrad(1).build();
        for (LearningRule rule : List.of(new SoftHebbRule(), new Bcm(0.2, 0.3))) {
            try (NDManager scope = manager.newSubManager()) {
                HebbianLayer layer = float64Layer(scope, geometry, rule, new SoftKrotov(0.8), new LinearResponse(), false, 5);
                NDArray x = float64Input(scope, geometry, 6);
                NDArray before = layer.weight().duplicate();
                NDArray delta = layer.delta(x);
                layer.weight().setRequiresGradient(true);
                try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                    collector.backward(layer.surrogateLoss(x));
                }
                sgd.update("weight", layer.weight(), layer.weight().getGradient());
                assertEquals(DataType.FLOAT64, layer.weight().getDataType());
                NDArray expected = before.add(delta.mul(learningRate));
                double error = layer.weight().sub(expected).abs().max().getDouble()
                        / delta.mul(learningRate).abs().max().getDouble();
                assertTrue(error < TOLERANCE, rule + ": max |W' - (W + lr dW)| / max |lr dW| = " + error);
            }
        }
    }

    /** {@code max |grad + delta| / max |delta|} with the gradient of the surrogate loss taken by the engine. */
    private double gradientError(HebbianLayer layer, NDArray x, NDArray delta) {
        double largest = delta.abs().max().getDouble();
        assertTrue(largest > 1e-6, "the rule changes something: max |dW| = " + largest);
        layer.weight().setRequiresGradient(true);
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            collector.backward(layer.surrogateLoss(x));
        }
        NDArray gradient = layer.weight().getGradient();
        assertEquals(DataType.FLOAT64, gradient.getDataType());
        assertEquals(delta.getShape(), gradient.getShape());
        return gradient.add(delta).abs().max().getDouble() / largest;
    }

    /** A layer whose weights (and state) are float64. */
    private static HebbianLayer float64Layer(NDManager scope, ConvGeometry geometry, LearningRule rule,
            Competition competition, Response response, boolean preTriangle, long seed) {
        HebbianLayer layer = geometry == null
                ? configure(HebbianLinear.builder().setInputs(10).setNeurons(6), rule, competition, response, preTriangle)
                        .build(scope, seed)
                : configure(HebbianConv2d.builder().setGeometry(geometry), rule, competition, response, preTriangle)
                        .build(scope, seed);
        promote(layer.weight());
        layer.ruleState().arrays().values().forEach(GradientRouteTest::promote);
        layer.competitionState().arrays().values().forEach(GradientRouteTest::promote);
        SplittableRandom random = new SplittableRandom(seed);
        for (NDArray threshold : layer.competitionState().arrays().values()) {
            double[] values = new double[layer.neurons()];
            for (int o = 0; o < values.length; o++) {
                values[o] = random.nextDouble() * 0.5;
            }
            threshold.set(java.nio.DoubleBuffer.wrap(values));
        }
        return layer;
    }

    private static <T extends HebbianLayer.BaseBuilder<T>> T configure(T builder, LearningRule rule, Competition competition,
            Response response, boolean preTriangle) {
        return builder.setCompetition(competition).setLearningRate(new ConstantRate(0.1)).optRule(rule)
                .optResponse(response).optPreTriangle(preTriangle).optInit(new WeightInit(WeightInit.Kind.NORMAL, 1.5));
    }

    /** Replaces the tensor behind {@code array} by a float64 copy, keeping the Java object the layer holds. */
    private static void promote(NDArray array) {
        array.intern(array.toType(DataType.FLOAT64, true));
        try {
            for (Class<?> type = array.getClass(); type != null; type = type.getSuperclass()) {
                for (java.lang.reflect.Field field : type.getDeclaredFields()) {
                    if (field.getType() == DataType.class && !java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                        field.setAccessible(true);
                        field.set(array, null); // the engine reads the type again from the tensor
                    }
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot clear the cached element type of " + array.getClass(), e);
        }
        assertEquals(DataType.FLOAT64, array.getDataType(), "the array now holds float64");
        assertEquals(DataType.FLOAT64, array.toType(DataType.FLOAT64, true).add(0).getDataType());
    }

    private static NDArray float64Input(NDManager scope, ConvGeometry geometry, long seed) {
        Shape shape = geometry == null ? new Shape(5, 10) : new Shape(2, geometry.inChannels(), 7, 6);
        SplittableRandom random = new SplittableRandom(seed * 31 + 7);
        double[] values = new double[(int) shape.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian() + 0.2;
        }
        return scope.create(values, shape);
    }
}
