package org.hebbkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.stream.Stream;
import org.hebbkit.rule.AdaptiveLearningRate;
import org.hebbkit.rule.SoftWinnerTakeAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Winograd's F(2 x 2, 3 x 3) response and Hebbian term against loops over indices, in double precision. */
class WinogradTilesTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** batch, channels, neurons, padded height, padded width: odd and even outputs, one tile, several chunks. */
    static Stream<Arguments> geometries() {
        return Stream.of(
                Arguments.of(1, 1, 1, 3, 3),     // one output, padded to one tile
                Arguments.of(2, 3, 5, 9, 8),     // 7 x 6 outputs: odd rows
                Arguments.of(3, 4, 6, 10, 10),   // 8 x 8 outputs, as block 3 of the SoftHebb preset
                Arguments.of(2, 2, 3, 7, 11),    // 5 x 9 outputs: odd rows and columns
                Arguments.of(1, 384, 700, 6, 6)); // 341 neurons per chunk: three chunks, the last of 18
    }

    @ParameterizedTest(name = "B={0} C={1} O={2} padded {3}x{4}")
    @MethodSource("geometries")
    void respondAndCorrelateEqualTheNaiveLoops(int batch, int channels, int neurons, int height, int width) {
        manager.getEngine().setRandomSeed(7);
        NDArray padded = manager.randomNormal(new Shape(batch, channels, height, width));
        NDArray weights = manager.randomNormal(new Shape(neurons, channels * 9L));
        int outH = height - 2;
        int outW = width - 2;
        int columns = batch * outH * outW;
        NDArray modulation = manager.randomNormal(new Shape(neurons, columns));
        float[] x = padded.toFloatArray();
        float[] w = weights.toFloatArray();
        float[] a = modulation.toFloatArray();

        WinogradTiles tiles = WinogradTiles.of(padded);
        assertEquals(new Shape(16, channels, (long) batch * ((outH + 1) / 2) * ((outW + 1) / 2)),
                tiles.transformed().getShape());
        float[] u = tiles.respond(weights).toFloatArray();
        float[] dw = tiles.correlate(modulation).toFloatArray();
        assertEquals(neurons * columns, u.length);
        assertEquals(neurons * channels * 9, dw.length);

        double[] expectedU = new double[neurons * columns];
        double[] expectedDw = new double[neurons * channels * 9];
        for (int o = 0; o < neurons; o++) {
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < outH; i++) {
                    for (int j = 0; j < outW; j++) {
                        int column = (b * outH + i) * outW + j;
                        double sum = 0;
                        double am = a[o * columns + column];
                        for (int c = 0; c < channels; c++) {
                            for (int p = 0; p < 3; p++) {
                                for (int q = 0; q < 3; q++) {
                                    double xv = x[((b * channels + c) * height + i + p) * width + j + q];
                                    int input = (c * 3 + p) * 3 + q;
                                    sum += w[o * channels * 9 + input] * xv;
                                    expectedDw[o * channels * 9 + input] += am * xv;
                                }
                            }
                        }
                        expectedU[o * columns + column] = sum;
                    }
                }
            }
        }
        assertClose(expectedU, u, "u");
        assertClose(expectedDw, dw, "a x^T");
        NDArray images = tiles.toImages(tiles.respond(weights));
        assertEquals(new Shape(batch, neurons, outH, outW), images.getShape());
    }

    /** Every value within 2e-5 of the largest magnitude (float32 sums of up to a few thousand products). */
    private static void assertClose(double[] expected, float[] actual, String what) {
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-5 * scale, what + " at flat index " + i);
        }
    }

    @Test
    void badInputsNameTheProblem() {
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> WinogradTiles.of(manager.zeros(new Shape(1, 2, 2, 5))));
        assertEquals("Winograd tiles need a padded batch [B, C, H >= 3, W >= 3], got (1, 2, 2, 5)", small.getMessage());
        WinogradTiles tiles = WinogradTiles.of(manager.zeros(new Shape(1, 2, 4, 4)));
        IllegalArgumentException weights = assertThrows(IllegalArgumentException.class,
                () -> tiles.respond(manager.zeros(new Shape(3, 12))));
        assertEquals("weights for a 3 x 3 kernel over 2 channels need 18 inputs per neuron, got 12", weights.getMessage());
        IllegalArgumentException geometry = assertThrows(IllegalArgumentException.class,
                () -> HebbianConv2d.builder().setGeometry(ConvGeometry.of(3, 8, 5, 2, Padding.REFLECT))
                        .setCompetition(new SoftWinnerTakeAll(1)).setLearningRate(new AdaptiveLearningRate(0.1, 0.5))
                        .optAlgorithm(HebbianConv2d.Algorithm.WINOGRAD).build(manager, 1));
        assertEquals("the Winograd algorithm needs a 3 x 3, stride-1, undilated, ungrouped convolution, got kernel 5,"
                + " stride 1, dilation 1, groups 1; use Algorithm.PATCHES or AUTO", geometry.getMessage());
    }

    @Test
    void autoChoosesWinogradOnlyWhereItFits() {
        HebbianConv2d.Builder builder = HebbianConv2d.builder().setCompetition(new SoftWinnerTakeAll(1))
                .setLearningRate(new AdaptiveLearningRate(0.1, 0.5));
        ai.djl.Device cpu = ai.djl.Device.cpu();
        HebbianConv2d plain = builder.setGeometry(ConvGeometry.of(96, 384, 3, 1, Padding.REFLECT)).build(manager, 1);
        assertEquals(HebbianConv2d.Algorithm.PATCHES, plain.algorithm(), "patches unless asked");
        assertEquals(HebbianConv2d.Algorithm.PATCHES, plain.algorithm(cpu));
        builder.optAlgorithm(HebbianConv2d.Algorithm.AUTO);
        assertEquals(HebbianConv2d.Algorithm.WINOGRAD, builder.setGeometry(ConvGeometry.of(96, 384, 3, 1, Padding.REFLECT))
                .build(manager, 1).algorithm(cpu));
        assertEquals(HebbianConv2d.Algorithm.PATCHES, builder.setGeometry(ConvGeometry.of(3, 96, 5, 2, Padding.REFLECT))
                .build(manager, 1).algorithm(cpu));
        assertEquals(HebbianConv2d.Algorithm.PATCHES, builder.setGeometry(new ConvGeometry(4, 8, 3, 2, 1, Padding.ZEROS, 1, 1))
                .build(manager, 1).algorithm(cpu));
        assertEquals(HebbianConv2d.Algorithm.PATCHES, builder.setGeometry(new ConvGeometry(4, 8, 3, 1, 1, Padding.ZEROS, 1, 2))
                .build(manager, 1).algorithm(cpu));
        assertEquals(HebbianConv2d.Algorithm.PATCHES, builder.setGeometry(ConvGeometry.of(96, 384, 3, 1, Padding.REFLECT))
                .build(manager, 1).algorithm(ai.djl.Device.gpu()));
        assertEquals(HebbianConv2d.Algorithm.PATCHES, builder.setGeometry(ConvGeometry.of(96, 384, 3, 1, Padding.REFLECT))
                .optAlgorithm(HebbianConv2d.Algorithm.PATCHES).build(manager, 1).algorithm(cpu));
    }
}
