package org.hebbkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.hebbkit.nn.ReceptiveFields.Field;
import org.hebbkit.rule.AdaptiveLearningRate;
import org.hebbkit.rule.SoftWinnerTakeAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Receptive fields against a naive definition (the linear stack's response to one-hot images, by loops) and
 * against autograd: the field of a unit is the gradient of its pre-activation with respect to the image.
 */
class ReceptiveFieldsTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** One stage of a linear stack: a convolution with its weights, or a pooling. */
    private record Stage(ConvGeometry conv, float[] weight, Pooling pool) {

        static Stage conv(ConvGeometry geometry, Random random) {
            float[] weight = new float[geometry.outChannels() * geometry.fanIn()];
            for (int i = 0; i < weight.length; i++) {
                weight[i] = (float) random.nextGaussian();
            }
            return new Stage(geometry, weight, null);
        }

        static Stage pool(Pooling pooling) {
            return new Stage(null, null, pooling);
        }
    }

    private static Field fields(List<Stage> stages, int channels) {
        Field field = Field.ofImage(channels);
        for (Stage stage : stages) {
            field = stage.conv() != null ? ReceptiveFields.compose(field, stage.weight(), stage.conv())
                    : ReceptiveFields.pool(field, stage.pool());
        }
        return field;
    }

    // ---- (a) against the naive definition ----

    static Stream<Arguments> geometries() {
        List<Arguments> cases = new ArrayList<>();
        for (int kernel : new int[] {1, 3, 5}) {
            for (int stride : new int[] {1, 2}) {
                for (int dilation : new int[] {1, 2}) {
                    for (int groups : new int[] {1, 2}) {
                        for (String pool : new String[] {"none", "avg", "max"}) {
                            cases.add(Arguments.of(kernel, stride, dilation, groups, pool));
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    /**
     * Two convolutions of the geometry (padding only moves the origin, so none here), the pooling 3/2 between
     * them; the naive field of unit o is its response at position (0, 0) to each one-hot image, max pooling
     * read as a sum over the window (the documented definition).
     */
    @ParameterizedTest(name = "k{0} s{1} d{2} g{3} pool {4}")
    @MethodSource("geometries")
    void composedFieldsEqualTheResponsesToOneHotImages(int kernel, int stride, int dilation, int groups, String pool) {
        Random random = new Random(31L * kernel + 7L * stride + 3L * dilation + groups + pool.hashCode());
        int channels = 2;
        List<Stage> stages = new ArrayList<>();
        stages.add(Stage.conv(new ConvGeometry(channels, 4, kernel, stride, 0, Padding.ZEROS, dilation, groups), random));
        if (!pool.equals("none")) {
            stages.add(Stage.pool(new Pooling(pool.equals("avg") ? Pooling.Kind.AVG : Pooling.Kind.MAX, 3, 2, 0)));
        }
        stages.add(Stage.conv(new ConvGeometry(4, 4, kernel, stride, 0, Padding.ZEROS, dilation, groups), random));

        Field field = fields(stages, channels);
        int poolStride = pool.equals("none") ? 1 : 2;
        int poolSize = pool.equals("none") ? 0 : 2 * stride;
        int expectedSize = dilation * (kernel - 1) + 1 + poolSize + stride * poolStride * dilation * (kernel - 1);
        assertEquals(expectedSize, field.size(), "Miconi's size = step (k - 1) + rf(l - 1) + (pool - 1) step(l - 1)");
        assertEquals(stride * poolStride * stride, field.step());
        assertEquals(0, field.origin());
        assertEquals(4, field.units());
        assertEquals(channels, field.channels());

        int side = field.size() + 1;
        double[][][][] naive = naiveFields(stages, channels, side);
        double largest = 0;
        for (double[][][] unit : naive) {
            for (double[][] plane : unit) {
                for (double[] row : plane) {
                    for (double v : row) {
                        largest = Math.max(largest, Math.abs(v));
                    }
                }
            }
        }
        boolean lastRowUsed = false;
        boolean lastColumnUsed = false;
        for (int o = 0; o < field.units(); o++) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        double expected = naive[o][c][y][x];
                        if (y == field.size() || x == field.size()) {
                            assertEquals(0, expected, "nothing beyond the field's side " + field.size());
                            continue;
                        }
                        lastRowUsed |= y == field.size() - 1 && expected != 0;
                        lastColumnUsed |= x == field.size() - 1 && expected != 0;
                        assertEquals(expected, field.get(o, c, y, x), 1e-5 * (1 + largest),
                                "field[" + o + ", " + c + ", " + y + ", " + x + "]");
                    }
                }
            }
        }
        assertTrue(lastRowUsed && lastColumnUsed, "the field's side is tight");
    }

    /** The response at (0, 0) of every last-stage unit to each one-hot image of side {@code side}. */
    private static double[][][][] naiveFields(List<Stage> stages, int channels, int side) {
        int units = stages.get(stages.size() - 1).conv().outChannels();
        double[][][][] fields = new double[units][channels][side][side];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double[][][] map = new double[channels][side][side];
                    map[c][y][x] = 1;
                    for (Stage stage : stages) {
                        map = stage.conv() != null ? naiveConv(map, stage.weight(), stage.conv()) : naivePool(map, stage.pool());
                    }
                    for (int o = 0; o < units; o++) {
                        fields[o][c][y][x] = map[o][0][0];
                    }
                }
            }
        }
        return fields;
    }

    /** A convolution without padding by loops: {@code out[o][i][j] = sum W[o][c][p][q] x[g C/G + c][i s + p d][j s + q d]}. */
    private static double[][][] naiveConv(double[][][] x, float[] weight, ConvGeometry g) {
        int k = g.kernel();
        int outSide = (x[0].length - g.dilation() * (k - 1) - 1) / g.stride() + 1;
        int perGroupIn = g.inChannels() / g.groups();
        int perGroupOut = g.outChannels() / g.groups();
        double[][][] out = new double[g.outChannels()][outSide][outSide];
        for (int o = 0; o < g.outChannels(); o++) {
            for (int i = 0; i < outSide; i++) {
                for (int j = 0; j < outSide; j++) {
                    double sum = 0;
                    for (int cc = 0; cc < perGroupIn; cc++) {
                        int c = o / perGroupOut * perGroupIn + cc;
                        for (int p = 0; p < k; p++) {
                            for (int q = 0; q < k; q++) {
                                sum += weight[((o * perGroupIn + cc) * k + p) * k + q]
                                        * x[c][i * g.stride() + p * g.dilation()][j * g.stride() + q * g.dilation()];
                            }
                        }
                    }
                    out[o][i][j] = sum;
                }
            }
        }
        return out;
    }

    /** Average pooling (mean), or max pooling read as the sum over the window, without padding. */
    private static double[][][] naivePool(double[][][] x, Pooling pooling) {
        int p = pooling.kernel();
        int outSide = (x[0].length - p) / pooling.stride() + 1;
        double scale = pooling.kind() == Pooling.Kind.AVG ? 1.0 / (p * p) : 1.0;
        double[][][] out = new double[x.length][outSide][outSide];
        for (int c = 0; c < x.length; c++) {
            for (int i = 0; i < outSide; i++) {
                for (int j = 0; j < outSide; j++) {
                    double sum = 0;
                    for (int a = 0; a < p; a++) {
                        for (int b = 0; b < p; b++) {
                            sum += x[c][i * pooling.stride() + a][j * pooling.stride() + b];
                        }
                    }
                    out[c][i][j] = sum * scale;
                }
            }
        }
        return out;
    }

    // ---- (b) the field is the gradient of the pre-activation with respect to the image ----

    static Stream<Arguments> stacks() {
        Pooling avg412 = new Pooling(Pooling.Kind.AVG, 4, 2, 1);
        Pooling avg220 = new Pooling(Pooling.Kind.AVG, 2, 2, 0);
        Pooling avg311 = new Pooling(Pooling.Kind.AVG, 3, 1, 1);
        return Stream.of(
                Arguments.of("k5 pad 2, avg 4/2/1, k3 dilation 2 groups 2", 3, List.of(
                        new ConvGeometry(3, 4, 5, 1, 2, Padding.ZEROS, 1, 1), avg412,
                        new ConvGeometry(4, 6, 3, 1, 2, Padding.ZEROS, 2, 2))),
                Arguments.of("three convolutions, stride 2, groups, avg 2/2/0", 3, List.of(
                        new ConvGeometry(3, 6, 3, 2, 1, Padding.ZEROS, 1, 1),
                        new ConvGeometry(6, 4, 3, 1, 1, Padding.ZEROS, 1, 2), avg220,
                        new ConvGeometry(4, 5, 3, 1, 1, Padding.ZEROS, 1, 1))),
                Arguments.of("grey, k1, avg 3/1/1, depthwise k5 stride 2 dilation 2", 1, List.of(
                        new ConvGeometry(1, 4, 1, 1, 0, Padding.ZEROS, 1, 1), avg311,
                        new ConvGeometry(4, 4, 5, 2, 2, Padding.ZEROS, 2, 4))),
                Arguments.of("no pooling, stride 2 then k5 stride 3", 2, List.of(
                        new ConvGeometry(2, 3, 3, 2, 0, Padding.ZEROS, 1, 1),
                        new ConvGeometry(3, 3, 5, 3, 1, Padding.ZEROS, 1, 1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void theFieldIsTheGradientOfTheUnitWithRespectToTheImage(String name, int channels, List<Object> layers) {
        Random random = new Random(name.hashCode());
        List<Stage> stages = new ArrayList<>();
        for (Object layer : layers) {
            stages.add(layer instanceof ConvGeometry g ? Stage.conv(g, random) : Stage.pool((Pooling) layer));
        }
        int side = 48;
        // the gradient is exact in float64; the fields are float32 sums
        assertGradientsAreFields(network(stages, DataType.FLOAT64), randomImage(random, channels, side),
                fields(stages, channels), DataType.FLOAT64, 1e-5);
    }

    /** The stack in DJL: {@code Conv2d.conv2d} with zero padding, and {@link Pooling#apply}. */
    private Function<NDArray, NDArray> network(List<Stage> stages, DataType type) {
        return x -> {
            NDArray y = x;
            for (Stage stage : stages) {
                y = stage.conv() == null ? stage.pool().apply(y) : convolve(y, stage, type);
            }
            return y;
        };
    }

    /** Standard normal pixels, {@code [1, channels, side, side]}. */
    private NDArray randomImage(Random random, int channels, int side) {
        double[] image = new double[channels * side * side];
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextGaussian();
        }
        return manager.create(image, new Shape(1, channels, side, side));
    }

    /** For every unit: the gradient at the middle output position is the unit's field, placed there. */
    private void assertGradientsAreFields(Function<NDArray, NDArray> network, NDArray image, Field field, DataType type,
            double tolerance) {
        for (int o = 0; o < field.units(); o++) {
            assertGradientIsField(gradient(network, image, o, type), field, o, (int) image.getShape().get(2), tolerance);
        }
    }

    private NDArray convolve(NDArray x, Stage stage, DataType type) {
        ConvGeometry g = stage.conv();
        NDArray weight = manager.create(stage.weight(), new Shape(g.outChannels(), g.inChannels() / g.groups(),
                g.kernel(), g.kernel())).toType(type, false);
        return Conv2d.conv2d(x, weight, null, new Shape(g.stride(), g.stride()), new Shape(g.padding(), g.padding()),
                new Shape(g.dilation(), g.dilation()), g.groups()).singletonOrThrow();
    }

    /**
     * {@code d u[0, o, i, i] / d image} at the middle position {@code i = H' / 2} of the output map (position 0
     * for a flat output {@code [1, O]}).
     *
     * @param values flattened {@code [channels, side, side]}
     * @param position {@code i}
     */
    private record Gradient(double[] values, int position) {}

    private Gradient gradient(Function<NDArray, NDArray> network, NDArray image, int o, DataType type) {
        try (NDManager scope = manager.newSubManager()) {
            // a fresh leaf per unit: image.toType(type, true) gave no separate tensor when the type matched
            // (float64), and the gradients of successive units added up
            NDArray x = scope.create(image.toDoubleArray(), image.getShape()).toType(type, false);
            x.setRequiresGradient(true);
            int position;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = network.apply(x);
                position = y.getShape().dimension() == 2 ? 0 : (int) y.getShape().get(2) / 2;
                NDArray unit = y.getShape().dimension() == 2 ? y.get(0, o) : y.get(0, o, position, position);
                collector.backward(unit);
            }
            return new Gradient(x.getGradient().toType(DataType.FLOAT64, false).toDoubleArray(), position);
        }
    }

    /** The gradient equals the field placed at the gradient's output position (inside the image), and is zero elsewhere. */
    private static void assertGradientIsField(Gradient gradient, Field field, int o, int side, double tolerance) {
        int top = field.origin() + gradient.position() * field.step();
        assertTrue(top >= 0 && top + field.size() <= side, "the test's field lies inside the image: top " + top
                + ", size " + field.size() + ", image " + side);
        double largest = 0;
        for (int i = 0; i < field.valuesPerUnit(); i++) {
            largest = Math.max(largest, Math.abs(field.values()[o * field.valuesPerUnit() + i]));
        }
        for (int c = 0; c < field.channels(); c++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int fy = y - top;
                    int fx = x - top;
                    boolean inside = fy >= 0 && fy < field.size() && fx >= 0 && fx < field.size();
                    double expected = inside ? field.get(o, c, fy, fx) : 0;
                    assertEquals(expected, gradient.values()[(c * side + y) * side + x], tolerance * (1 + largest),
                            "unit " + o + ": d u / d x[" + c + ", " + y + ", " + x + "]");
                }
            }
        }
    }

    // ---- real Hebbian layers ----

    private HebbianConv2d conv(ConvGeometry geometry, long seed) {
        return HebbianConv2d.builder().setGeometry(geometry).setCompetition(new SoftWinnerTakeAll(1))
                .setLearningRate(new AdaptiveLearningRate(0.05, 0.5)).build(manager, seed);
    }

    private HebbianLinear linear(int inputs, int neurons, long seed) {
        return HebbianLinear.builder().setInputs(inputs).setNeurons(neurons).setCompetition(new SoftWinnerTakeAll(1))
                .setLearningRate(new AdaptiveLearningRate(0.05, 0.5)).build(manager, seed);
    }

    @Test
    void fieldsOfRealConvBlocksAreTheGradientsOfTheirPreActivations() {
        HebbianConv2d first = conv(new ConvGeometry(3, 4, 3, 1, 1, Padding.REFLECT, 1, 1), 1);
        HebbianConv2d second = conv(new ConvGeometry(4, 6, 3, 1, 2, Padding.ZEROS, 2, 2), 2);
        List<HebbianBlock> blocks = List.of(
                new HebbianBlock(null, first, new Identity(), new Pooling(Pooling.Kind.AVG, 2, 2, 0)),
                new HebbianBlock(null, second, new Identity(), new Pooling(Pooling.Kind.MAX, 2, 2, 0)));
        int side = 32;
        List<Field> fields = ReceptiveFields.of(blocks, new Shape(3, side, side));
        assertEquals(2, fields.size());
        assertArrayEquals(first.weight().toFloatArray(), fields.get(0).values(), "layer 1's fields are its weights");
        Field field = fields.get(1);
        assertEquals(3 + 1 + 2 * 2 * 2, field.size());
        assertEquals(2, field.step());
        assertEquals(-1 - 2 * 2, field.origin());

        assertGradientsAreFields(x -> second.forward(blocks.get(0).forward(x, HebbianBlock.Phase.INFER), false),
                randomImage(new Random(3), 3, side), field, DataType.FLOAT32, 1e-4);
    }

    @Test
    void aFullyConnectedLayerAfterConvolutionsSeesTheWholeImage() {
        HebbianConv2d conv = conv(new ConvGeometry(1, 3, 3, 1, 0, Padding.ZEROS, 1, 1), 4);
        HebbianLinear linear = linear(3 * 3 * 3, 4, 5);
        List<HebbianBlock> blocks = List.of(
                new HebbianBlock(null, conv, new Identity(), new Pooling(Pooling.Kind.AVG, 2, 2, 0)),
                new HebbianBlock(null, linear, new Identity(), null));
        int side = 8;
        Field field = ReceptiveFields.of(blocks, new Shape(1, side, side)).get(1);
        assertEquals(side, field.size(), "3 + 1 + 2 (3 - 1)");
        assertEquals(0, field.origin());
        assertGradientsAreFields(x -> linear.forward(blocks.get(0).forward(x, HebbianBlock.Phase.INFER), false),
                randomImage(new Random(6), 1, side), field, DataType.FLOAT32, 1e-4);
    }

    @Test
    void aFullyConnectedFirstLayerHasItsWeightsAsFields() {
        HebbianLinear linear = linear(2 * 5 * 5, 3, 7);
        Field field = ReceptiveFields.of(List.of(new HebbianBlock(null, linear, new Identity(), null)),
                new Shape(2, 5, 5)).get(0);
        assertEquals(5, field.size());
        assertEquals(2, field.channels());
        assertArrayEquals(linear.weight().toFloatArray(), field.values());
    }

    @Test
    void maxPoolingGradientsLieInsideTheField() {
        Random random = new Random(8);
        List<Stage> stages = List.of(
                Stage.conv(new ConvGeometry(3, 4, 3, 1, 1, Padding.ZEROS, 1, 1), random),
                Stage.pool(new Pooling(Pooling.Kind.MAX, 4, 2, 1)),
                Stage.conv(new ConvGeometry(4, 3, 3, 1, 1, Padding.ZEROS, 1, 1), random));
        Field field = fields(stages, 3);
        assertEquals(3 + 3 + 2 * 2, field.size());
        int side = 24;
        NDArray image = randomImage(random, 3, side);
        for (int o = 0; o < field.units(); o++) {
            Gradient gradient = gradient(network(stages, DataType.FLOAT64), image, o, DataType.FLOAT64);
            int top = field.origin() + gradient.position() * field.step();
            int nonZero = 0;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        if (gradient.values()[(c * side + y) * side + x] != 0) {
                            nonZero++;
                            assertTrue(y >= top && y < top + field.size() && x >= top && x < top + field.size(),
                                    "unit " + o + ": gradient at (" + y + ", " + x + ") outside the field");
                        }
                    }
                }
            }
            assertTrue(nonZero > 0);
        }
    }

    // ---- validation ----

    @Test
    void badArgumentsAreRefusedNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Field(new float[3], 1, 1, 2, 1, 0));
        assertTrue(e.getMessage().contains("values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Field(new float[0], 1, 1, 1, 0, 0));
        assertTrue(e.getMessage().contains("step"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Field.ofImage(0));
        assertTrue(e.getMessage().contains("channels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReceptiveFields.compose(Field.ofImage(3), new float[4 * 27],
                ConvGeometry.of(1, 4, 3, 0, Padding.ZEROS)));
        assertTrue(e.getMessage().contains("inChannels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReceptiveFields.compose(Field.ofImage(3), new float[5],
                ConvGeometry.of(3, 4, 3, 0, Padding.ZEROS)));
        assertTrue(e.getMessage().contains("weight") && e.getMessage().contains("108"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReceptiveFields.of(List.of(), new Shape(3, 32)));
        assertTrue(e.getMessage().contains("input"), e.getMessage());

        HebbianLinear linear = linear(16, 2, 1);
        List<HebbianBlock> convAfterLinear = List.of(new HebbianBlock(null, linear, new Identity(), null),
                new HebbianBlock(null, conv(ConvGeometry.of(2, 2, 1, 0, Padding.ZEROS), 2), new Identity(), null));
        e = assertThrows(IllegalArgumentException.class, () -> ReceptiveFields.of(convAfterLinear, new Shape(1, 4, 4)));
        assertTrue(e.getMessage().contains("block 1"), e.getMessage());
        List<HebbianBlock> linearOnly = List.of(new HebbianBlock(null, linear, new Identity(), null));
        e = assertThrows(IllegalArgumentException.class, () -> ReceptiveFields.of(linearOnly, new Shape(1, 2, 8)));
        assertTrue(e.getMessage().contains("block 0") && e.getMessage().contains("non-square"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReceptiveFields.of(linearOnly, new Shape(1, 5, 5)));
        assertTrue(e.getMessage().contains("block 0") && e.getMessage().contains("16 inputs"), e.getMessage());
    }
}
