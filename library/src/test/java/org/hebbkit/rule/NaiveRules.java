package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The rule zoo written again as loops over indices in double precision, from each paper's per-sample form
 * (not from {@link HebbianTerms}), for tests. Shapes as in the rules: weight {@code [O][I]}, patches
 * {@code [I][N]}, response and activity {@code [O][N]}, per-neuron state {@code [O]}.
 */
final class NaiveRules {

    private NaiveRules() {}

    /** One neuron's {@code dW[j] = sum_n (per-sample rule)}; {@code theta} is BCM's threshold (ignored otherwise). */
    static double[] deltaRow(LearningRule rule, double[] w, double[][] x, double[] u, double[] y, double theta) {
        double[] delta = new double[w.length];
        for (int j = 0; j < w.length; j++) {
            double sum = 0;
            for (int n = 0; n < u.length; n++) {
                double xv = x[j][n];
                if (rule instanceof SoftHebbRule) {
                    sum += y[n] * (xv - u[n] * w[j]);
                } else if (rule instanceof PlainHebb) {
                    sum += y[n] * xv;
                } else if (rule instanceof Instar) {
                    sum += y[n] * (xv - w[j]);
                } else if (rule instanceof Oja) {
                    sum += y[n] * (xv - y[n] * w[j]);
                } else if (rule instanceof Bcm) {
                    sum += y[n] * (y[n] - theta) * xv;
                } else {
                    throw new IllegalArgumentException("no naive form of " + rule);
                }
            }
            delta[j] = sum;
        }
        return delta;
    }

    /** {@link #deltaRow} for every neuron; {@code theta} may be {@code null} for rules without a threshold. */
    static double[][] delta(LearningRule rule, double[][] w, double[][] x, double[][] u, double[][] y, double[] theta) {
        double[][] delta = new double[w.length][];
        for (int o = 0; o < w.length; o++) {
            delta[o] = deltaRow(rule, w[o], x, u[o], y[o], theta == null ? 0 : theta[o]);
        }
        return delta;
    }

    /** BCM's threshold after a batch: {@code theta + rate (mean_n y^2 - theta)}. */
    static double[] bcmThreshold(Bcm rule, double[] theta, double[][] y) {
        double[] next = new double[theta.length];
        for (int o = 0; o < theta.length; o++) {
            next[o] = theta[o] + rule.thresholdRate() * (Arrays.stream(y[o]).map(v -> v * v).average().orElseThrow() - theta[o]);
        }
        return next;
    }

    /** Adaptive thresholds after a batch: {@code theta + rate (mean_n y - k / O)}. */
    static double[] adaptiveThreshold(AdaptiveThresholds competition, double[] theta, double[][] y) {
        double[] next = new double[theta.length];
        for (int o = 0; o < theta.length; o++) {
            double winRate = Arrays.stream(y[o]).average().orElseThrow();
            next[o] = theta[o] + competition.rate() * (winRate - (double) competition.k() / theta.length);
        }
        return next;
    }

    /**
     * The competition column by column; {@code theta} holds adaptive thresholds (else ignored, may be null).
     * Ties at the k-th value all win, as documented.
     */
    static double[][] compete(Competition competition, double[][] u, double[] theta) {
        int neurons = u.length;
        int columns = u[0].length;
        double[][] y = new double[neurons][columns];
        for (int n = 0; n < columns; n++) {
            double[] column = new double[neurons];
            for (int o = 0; o < neurons; o++) {
                column[o] = competition instanceof AdaptiveThresholds ? u[o][n] - theta[o] : u[o][n];
            }
            double[] sorted = column.clone();
            Arrays.sort(sorted);
            double max = sorted[neurons - 1];
            double softNorm = 0;
            double temperatureInverse = competition instanceof SoftWinnerTakeAll soft ? soft.temperatureInverse()
                    : competition instanceof SoftKrotov krotov ? krotov.temperatureInverse() : 1;
            for (double v : column) {
                softNorm += Math.exp(temperatureInverse * (v - max));
            }
            for (int o = 0; o < neurons; o++) {
                double v = column[o];
                double soft = Math.exp(temperatureInverse * (v - max)) / softNorm;
                double value;
                if (competition instanceof NoCompetition) {
                    value = v;
                } else if (competition instanceof HardWinnerTakeAll) {
                    value = v == max ? 1 : 0;
                } else if (competition instanceof KWinnersTakeAll kwta) {
                    value = v >= sorted[neurons - kwta.k()] ? 1 : 0;
                } else if (competition instanceof AdaptiveThresholds adaptive) {
                    // a winner fires only if its thresholded response is positive (Miconi's simple network)
                    value = v >= sorted[neurons - adaptive.k()] && v > 0 ? 1 : 0;
                } else if (competition instanceof SoftWinnerTakeAll) {
                    value = soft;
                } else if (competition instanceof SoftKrotov) {
                    value = v == max ? soft : -soft;
                } else if (competition instanceof KrotovRanking ranking) {
                    value = (v == max ? 1 : 0) - (v == sorted[neurons - ranking.k()] ? ranking.delta() : 0);
                } else {
                    throw new IllegalArgumentException("no naive form of " + competition);
                }
                y[o][n] = value;
            }
        }
        return y;
    }

    /** {@code f(W)} of a response: the identity, or {@code sign(W) |W|^(p-1)} for Krotov's currents. */
    static double[][] effectiveWeight(Response response, double[][] w) {
        double[][] f = new double[w.length][w[0].length];
        for (int o = 0; o < w.length; o++) {
            for (int i = 0; i < w[0].length; i++) {
                f[o][i] = response instanceof KrotovCurrents krotov
                        ? Math.signum(w[o][i]) * Math.pow(Math.abs(w[o][i]), krotov.p() - 1) : w[o][i];
            }
        }
        return f;
    }

    /** {@code a b} for {@code a [O][I]}, {@code b [I][N]}. */
    static double[][] product(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int o = 0; o < a.length; o++) {
            for (int n = 0; n < b[0].length; n++) {
                double sum = 0;
                for (int i = 0; i < b.length; i++) {
                    sum += a[o][i] * b[i][n];
                }
                c[o][n] = sum;
            }
        }
        return c;
    }

    /** A row-major flat array as {@code [rows][columns]} doubles. */
    static double[][] matrix(float[] flat, int rows) {
        int columns = flat.length / rows;
        double[][] m = new double[rows][columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                m[r][c] = flat[r * columns + c];
            }
        }
        return m;
    }

    /** {@code [rows, columns]} float32 from a matrix of doubles. */
    static NDArray create(NDManager manager, double[][] m) {
        float[] flat = new float[m.length * m[0].length];
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < m[0].length; c++) {
                flat[r * m[0].length + c] = (float) m[r][c];
            }
        }
        return manager.create(flat, new Shape(m.length, m[0].length));
    }

    /** Standard normal floats, times {@code scale}, plus {@code shift}. */
    static float[] normal(SplittableRandom random, int size, double scale, double shift) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) (random.nextGaussian() * scale + shift);
        }
        return values;
    }

    /** {@code [rows][columns]} of rounded-to-float standard normals (so that float32 copies are exact). */
    static double[][] normalMatrix(SplittableRandom random, int rows, int columns) {
        return matrix(normal(random, rows * columns, 1, 0), rows);
    }

    /** {@code max |actual - expected| / max |expected|}; fails the caller's check when {@code expected} is all zero. */
    static double relativeError(double[][] expected, float[] actual) {
        double largest = 0;
        double error = 0;
        int columns = expected[0].length;
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < columns; c++) {
                largest = Math.max(largest, Math.abs(expected[r][c]));
                error = Math.max(error, Math.abs(actual[r * columns + c] - expected[r][c]));
            }
        }
        return largest == 0 ? Double.POSITIVE_INFINITY : error / largest;
    }
}
