package org.hebbkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.stream.Stream;
import org.hebbkit.rule.AdaptiveLearningRate;
import org.hebbkit.rule.Competition;
import org.hebbkit.rule.HardWinnerTakeAll;
import org.hebbkit.rule.SoftKrotov;
import org.hebbkit.rule.SoftWinnerTakeAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The vectorised layer against loops over indices, on small random tensors. */
class HebbianConv2dTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Each geometry with patches, and with Winograd's algorithm where it fits (7 x 6 inputs: odd output rows). */
    static Stream<Arguments> learningPaths() {
        return geometries().flatMap(arguments -> {
            ConvGeometry g = (ConvGeometry) arguments.get()[0];
            Stream<HebbianConv2d.Algorithm> algorithms = WinogradTiles.fits(g)
                    ? Stream.of(HebbianConv2d.Algorithm.PATCHES, HebbianConv2d.Algorithm.WINOGRAD)
                    : Stream.of(HebbianConv2d.Algorithm.PATCHES);
            return algorithms.map(algorithm -> Arguments.of(g, arguments.get()[1], algorithm));
        });
    }

    static Stream<Arguments> geometries() {
        return Stream.of(
                Arguments.of(new ConvGeometry(3, 6, 3, 1, 1, Padding.REFLECT, 1, 1), "krotov"),
                Arguments.of(new ConvGeometry(3, 6, 3, 1, 1, Padding.ZEROS, 1, 1), "soft"),
                Arguments.of(new ConvGeometry(4, 6, 3, 2, 1, Padding.ZEROS, 1, 1), "hard"),
                Arguments.of(new ConvGeometry(2, 5, 2, 1, 2, Padding.REFLECT, 2, 1), "krotov"),
                Arguments.of(new ConvGeometry(4, 6, 3, 2, 2, Padding.REFLECT, 2, 2), "soft"),
                Arguments.of(new ConvGeometry(3, 4, 5, 1, 2, Padding.REFLECT, 1, 1), "krotov"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("learningPaths")
    void responseAndUpdateEqualTheNaiveLoops(ConvGeometry g, String kind, HebbianConv2d.Algorithm algorithm) {
        double temperatureInverse = 0.7;
        AdaptiveLearningRate rate = new AdaptiveLearningRate(0.05, 0.5);
        Competition competition = switch (kind) {
            case "soft" -> new SoftWinnerTakeAll(temperatureInverse);
            case "krotov" -> new SoftKrotov(temperatureInverse);
            default -> new HardWinnerTakeAll();
        };
        HebbianConv2d conv = HebbianConv2d.builder().setGeometry(g).setCompetition(competition).setLearningRate(rate)
                .optInit(new WeightInit(WeightInit.Kind.NORMAL, 2)).optAlgorithm(algorithm).build(manager, 11);
        assertEquals(algorithm, conv.algorithm(manager.getDevice()));
        int[] xShape = {2, g.inChannels(), 7, 6};
        manager.getEngine().setRandomSeed(5);
        NDArray x = manager.randomNormal(new Shape(2, g.inChannels(), 7, 6));
        float[] xs = x.toFloatArray();
        float[] w0 = conv.weight().toFloatArray();

        double[][][][] u = NaiveConvolution.response(xs, xShape, w0, g);
        NDArray inferred = conv.forward(x, false);
        NDArray out = conv.forward(x, true);
        assertTrue(inferred.sub(out).abs().max().getFloat() < 1e-4f, "inference path equals the learning path");
        assertEquals(new Shape(2, g.outChannels(), g.outputSize(7), g.outputSize(6)), out.getShape());
        float[] outs = out.toFloatArray();
        int n = 0;
        for (double[][][] ub : u) {
            for (double[][] uo : ub) {
                for (double[] ui : uo) {
                    for (double v : ui) {
                        assertEquals(v, outs[n++], 1e-4 * (1 + Math.abs(v)), "u at flat index " + (n - 1));
                    }
                }
            }
        }

        double[] delta = NaiveConvolution.delta(xs, xShape, w0, g, u, NaiveConvolution.compete(u, temperatureInverse, kind));
        double max = 0;
        for (double d : delta) {
            max = Math.max(max, Math.abs(d));
        }
        int perNeuron = w0.length / g.outChannels();
        float[] w1 = conv.weight().toFloatArray();
        for (int o = 0; o < g.outChannels(); o++) {
            double norm = 0;
            for (int i = 0; i < perNeuron; i++) {
                norm += (double) w0[o * perNeuron + i] * w0[o * perNeuron + i];
            }
            double lr = 0.05 * Math.pow(Math.abs(Math.sqrt(norm) - 1) + 1e-10, 0.5);
            for (int i = 0; i < perNeuron; i++) {
                int index = o * perNeuron + i;
                double expected = w0[index] + lr * delta[index] / (max + 1e-30);
                assertEquals(expected, w1[index], 2e-5 * (1 + Math.abs(expected)), "w at " + index);
            }
        }
        assertEquals(2L * g.outputSize(7) * g.outputSize(6), conv.columnsSeen());
        assertEquals(conv.columnsSeen(), conv.wins().sum().getFloat(), 1e-3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void withoutLearningTheWeightsStay(ConvGeometry g, String kind) {
        HebbianConv2d conv = HebbianConv2d.builder().setGeometry(g).setCompetition(new HardWinnerTakeAll())
                .setLearningRate(new AdaptiveLearningRate(0.1, 0.5)).build(manager, 3);
        float[] before = conv.weight().toFloatArray();
        conv.forward(manager.randomNormal(new Shape(1, g.inChannels(), 6, 6)), false);
        assertTrue(java.util.Arrays.equals(before, conv.weight().toFloatArray()));
    }

    @org.junit.jupiter.api.Test
    void badGeometryNamesTheParameter() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new ConvGeometry(3, 6, 3, 0, 1, Padding.ZEROS, 1, 1));
        assertEquals("stride must be at least 1, got 0", error.getMessage());
        IllegalArgumentException groups = assertThrows(IllegalArgumentException.class,
                () -> new ConvGeometry(3, 6, 3, 1, 1, Padding.ZEROS, 1, 2));
        assertEquals("groups 2 must divide inChannels 3 and outChannels 6", groups.getMessage());
    }
}
