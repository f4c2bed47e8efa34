package org.hebbkit.nn;

/** Reference implementations by loops over indices, in double precision, for tests (also of other packages). */
public final class NaiveConvolution {

    private NaiveConvolution() {}

    /** Input value at padded coordinates (row, col may lie outside [0, H) and [0, W)). */
    static double padded(float[] x, int[] shape, int b, int c, int row, int col, Padding mode) {
        int h = shape[2];
        int w = shape[3];
        if (row < 0 || row >= h || col < 0 || col >= w) {
            if (mode == Padding.ZEROS) {
                return 0;
            }
            row = row < 0 ? -row : row >= h ? 2 * (h - 1) - row : row;
            col = col < 0 ? -col : col >= w ? 2 * (w - 1) - col : col;
        }
        return x[((b * shape[1] + c) * h + row) * w + col];
    }

    /**
     * The receptive fields of each group as matrices, im2col by loops: {@code [groups][C / groups * k * k][N]},
     * rows ordered as a conv weight {@code [O, C / groups, k, k]} flattens ({@code c * k * k + p * k + q}),
     * columns as {@code b * (outHeight * outWidth) + i * outWidth + j}.
     */
    public static double[][][] patches(float[] x, int[] xShape, ConvGeometry g) {
        int outH = g.outputSize(xShape[2]);
        int outW = g.outputSize(xShape[3]);
        int perGroupIn = g.inChannels() / g.groups();
        int k = g.kernel();
        double[][][] patches = new double[g.groups()][perGroupIn * k * k][xShape[0] * outH * outW];
        for (int group = 0; group < g.groups(); group++) {
            for (int cc = 0; cc < perGroupIn; cc++) {
                for (int p = 0; p < k; p++) {
                    for (int q = 0; q < k; q++) {
                        int row = (cc * k + p) * k + q;
                        for (int b = 0; b < xShape[0]; b++) {
                            for (int i = 0; i < outH; i++) {
                                for (int j = 0; j < outW; j++) {
                                    patches[group][row][(b * outH + i) * outW + j] = padded(x, xShape, b,
                                            group * perGroupIn + cc, i * g.stride() + p * g.dilation() - g.padding(),
                                            j * g.stride() + q * g.dilation() - g.padding(), g.paddingMode());
                                }
                            }
                        }
                    }
                }
            }
        }
        return patches;
    }

    /** u[b][o][i][j] of a convolution. */
    static double[][][][] response(float[] x, int[] xShape, float[] weight, ConvGeometry g) {
        int outH = g.outputSize(xShape[2]);
        int outW = g.outputSize(xShape[3]);
        int perGroupIn = g.inChannels() / g.groups();
        int perGroupOut = g.outChannels() / g.groups();
        int k = g.kernel();
        double[][][][] u = new double[xShape[0]][g.outChannels()][outH][outW];
        for (int b = 0; b < xShape[0]; b++) {
            for (int o = 0; o < g.outChannels(); o++) {
                int group = o / perGroupOut;
                for (int i = 0; i < outH; i++) {
                    for (int j = 0; j < outW; j++) {
                        double sum = 0;
                        for (int cc = 0; cc < perGroupIn; cc++) {
                            int c = group * perGroupIn + cc;
                            for (int p = 0; p < k; p++) {
                                for (int q = 0; q < k; q++) {
                                    int row = i * g.stride() + p * g.dilation() - g.padding();
                                    int col = j * g.stride() + q * g.dilation() - g.padding();
                                    sum += weight[((o * perGroupIn + cc) * k + p) * k + q]
                                            * padded(x, xShape, b, c, row, col, g.paddingMode());
                                }
                            }
                        }
                        u[b][o][i][j] = sum;
                    }
                }
            }
        }
        return u;
    }

    /** SoftHebb's dW[o][cc][p][q] = sum_{b,i,j} y (x - u W), before normalisation. */
    static double[] delta(float[] x, int[] xShape, float[] weight, ConvGeometry g, double[][][][] u, double[][][][] y) {
        int perGroupIn = g.inChannels() / g.groups();
        int perGroupOut = g.outChannels() / g.groups();
        int k = g.kernel();
        double[] delta = new double[weight.length];
        for (int o = 0; o < g.outChannels(); o++) {
            int group = o / perGroupOut;
            for (int cc = 0; cc < perGroupIn; cc++) {
                int c = group * perGroupIn + cc;
                for (int p = 0; p < k; p++) {
                    for (int q = 0; q < k; q++) {
                        int index = ((o * perGroupIn + cc) * k + p) * k + q;
                        double sum = 0;
                        for (int b = 0; b < u.length; b++) {
                            for (int i = 0; i < u[0][0].length; i++) {
                                for (int j = 0; j < u[0][0][0].length; j++) {
                                    int row = i * g.stride() + p * g.dilation() - g.padding();
                                    int col = j * g.stride() + q * g.dilation() - g.padding();
                                    double xv = padded(x, xShape, b, c, row, col, g.paddingMode());
                                    sum += y[b][o][i][j] * (xv - u[b][o][i][j] * weight[index]);
                                }
                            }
                        }
                        delta[index] = sum;
                    }
                }
            }
        }
        return delta;
    }

    /** Competition at each (b, i, j) over o: "soft", "krotov" or "hard". */
    static double[][][][] compete(double[][][][] u, double temperatureInverse, String kind) {
        int outChannels = u[0].length;
        double[][][][] y = new double[u.length][outChannels][u[0][0].length][u[0][0][0].length];
        for (int b = 0; b < u.length; b++) {
            for (int i = 0; i < u[0][0].length; i++) {
                for (int j = 0; j < u[0][0][0].length; j++) {
                    int winner = 0;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int o = 0; o < outChannels; o++) {
                        if (u[b][o][i][j] > max) {
                            max = u[b][o][i][j];
                            winner = o;
                        }
                    }
                    double norm = 0;
                    for (int o = 0; o < outChannels; o++) {
                        norm += Math.exp(temperatureInverse * (u[b][o][i][j] - max));
                    }
                    for (int o = 0; o < outChannels; o++) {
                        double soft = Math.exp(temperatureInverse * (u[b][o][i][j] - max)) / norm;
                        y[b][o][i][j] = switch (kind) {
                            case "soft" -> soft;
                            case "krotov" -> o == winner ? soft : -soft;
                            default -> o == winner ? 1 : 0;
                        };
                    }
                }
            }
        }
        return y;
    }
}
