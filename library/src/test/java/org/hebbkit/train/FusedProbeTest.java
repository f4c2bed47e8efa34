package org.hebbkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.hebbkit.RealImages;
import org.hebbkit.model.Preset;
import org.junit.jupiter.api.Test;

/**
 * {@link FusedProbe}: one step against the same step written as naive loops in double precision, over geometries that
 * leave remainders everywhere (one row, 5 features, a slice and a few columns, float32 caches, batches not a multiple
 * of 4, caches cut into several blocks); and a whole probe on real features that does not depend on the thread count,
 * the kernel or the blocks.
 */
class FusedProbeTest {

    private static final Object[][] GEOMETRIES = {
        // rows in the cache, batch, features, classes, dropout, float16, rows per block
        {10, 1, 5, 2, 0.0, true, 10},
        {30, 3, 520, 3, 0.3, false, 7},
        {200, 64, 1030, 10, 0.5, true, 200},
        {150, 65, 1537, 7, 0.2, true, 40},
    };

    @Test
    void oneStepIsTheNaiveStepInDoublePrecision() {
        for (Object[] geometry : GEOMETRIES) {
            int size = (int) geometry[0];
            int batch = (int) geometry[1];
            int features = (int) geometry[2];
            int classes = (int) geometry[3];
            double p = (double) geometry[4];
            boolean half = (boolean) geometry[5];
            int rowsPerBlock = (int) geometry[6];
            String where = size + " x " + features + " " + (half ? "float16" : "float32") + ", batch " + batch
                    + ", classes " + classes + ", p " + p + ", blocks of " + rowsPerBlock + " rows";
            SplittableRandom random = new SplittableRandom(features);
            int[] labels = new int[size];
            for (int r = 0; r < size; r++) {
                labels[r] = random.nextInt(classes);
            }
            int[] indices = new int[batch];
            int[] batchLabels = new int[batch];
            for (int i = 0; i < batch; i++) {
                indices[i] = random.nextInt(size);
                batchLabels[i] = labels[indices[i]];
            }
            float[] weight = values(random, classes * features, 0.05);
            float[] bias = values(random, classes, 0.05);
            float[][] moments = {values(random, classes * features, 1e-3), squares(values(random, classes * features, 1e-3)),
                values(random, classes, 1e-3), squares(values(random, classes, 1e-3))};
            long step = 5;
            double rate = 1e-3;
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray stored = manager.randomNormal(new Shape(size, features)).mul(0.7f);
                if (half) {
                    stored = stored.toType(DataType.FLOAT16, false);
                }
                float[] cached = stored.toType(DataType.FLOAT32, false).toFloatArray();
                try (Features cache = Features.of(stored, labels)) {
                    cache.limitBlockBytes((long) rowsPerBlock * features * (half ? 2 : 4));
                    double[][] expected = naiveStep(cached, features, indices, batchLabels, classes, weight, bias,
                            moments, new Dropout(p, new SplittableRandom(11)), rate, step);
                    float[][] copies = {weight.clone(), bias.clone()};
                    float[][] momentCopies = {moments[0].clone(), moments[1].clone(), moments[2].clone(),
                        moments[3].clone()};
                    try (FusedProbe probe = new FusedProbe(cache, copies[0], copies[1], momentCopies, batch, 2,
                            ProbeKernel.best())) {
                        FusedProbe.BatchOutcome outcome = probe.step(indices, batchLabels,
                                new Dropout(p, new SplittableRandom(11)), rate, step);
                        assertEquals(expected[2][0], outcome.lossSum(), 1e-5 * Math.max(1, expected[2][0]), "loss, " + where);
                        assertEquals(expected[2][1], outcome.correct(), "correct, " + where);
                    }
                    assertClose(expected[0], copies[0], "weights, " + where);
                    assertClose(expected[1], copies[1], "bias, " + where);
                }
            }
        }
    }

    /**
     * The probe's step, value by value in double precision: mask, logits {@code (1/(1-p)) x.w + b}, softmax,
     * {@code d = (softmax - onehot) / B}, gradient {@code (1/(1-p)) sum_i d_i x_i}, PyTorch's Adam.
     *
     * @return weights and bias after the step, then {loss sum, correct}
     */
    private static double[][] naiveStep(float[] cached, int features, int[] indices, int[] labels, int classes,
            float[] weight, float[] bias, float[][] moments, Dropout dropout, double rate, long step) {
        int batch = indices.length;
        double scale = dropout.active() ? dropout.scale() : 1;
        long key = dropout.active() ? dropout.nextKey() : 0;
        double[][] x = new double[batch][features];
        for (int i = 0; i < batch; i++) {
            for (int f = 0; f < features; f++) {
                boolean kept = !dropout.active() || Dropout.kept(key, i * features + f, dropout.threshold());
                x[i][f] = kept ? cached[indices[i] * features + f] : 0;
            }
        }
        double lossSum = 0;
        int correct = 0;
        double[][] d = new double[batch][classes];
        for (int i = 0; i < batch; i++) {
            double[] logits = new double[classes];
            int best = 0;
            for (int c = 0; c < classes; c++) {
                double sum = 0;
                for (int f = 0; f < features; f++) {
                    sum += x[i][f] * weight[c * features + f];
                }
                logits[c] = scale * sum + bias[c];
                best = logits[c] > logits[best] ? c : best;
            }
            correct += best == labels[i] ? 1 : 0;
            double total = 0;
            for (int c = 0; c < classes; c++) {
                total += Math.exp(logits[c] - logits[best]);
            }
            lossSum += Math.log(total) - (logits[labels[i]] - logits[best]);
            for (int c = 0; c < classes; c++) {
                d[i][c] = (Math.exp(logits[c] - logits[best]) / total - (c == labels[i] ? 1 : 0)) / batch;
            }
        }
        double[] newWeight = new double[weight.length];
        for (int c = 0; c < classes; c++) {
            for (int f = 0; f < features; f++) {
                double gradient = 0;
                for (int i = 0; i < batch; i++) {
                    gradient += d[i][c] * x[i][f];
                }
                int at = c * features + f;
                newWeight[at] = adam(weight[at], scale * gradient, moments[0][at], moments[1][at], rate, step);
            }
        }
        double[] newBias = new double[classes];
        for (int c = 0; c < classes; c++) {
            double gradient = 0;
            for (int i = 0; i < batch; i++) {
                gradient += d[i][c];
            }
            newBias[c] = adam(bias[c], gradient, moments[2][c], moments[3][c], rate, step);
        }
        return new double[][] {newWeight, newBias, {lossSum, correct}};
    }

    /** PyTorch's Adam (no weight decay) on one value. */
    private static double adam(double value, double gradient, double first, double second, double rate, long step) {
        double m = 0.9 * first + 0.1 * gradient;
        double v = 0.999 * second + 0.001 * gradient * gradient;
        double denominator = Math.sqrt(v) / Math.sqrt(1 - Math.pow(0.999, step)) + 1e-8;
        return value - rate / (1 - Math.pow(0.9, step)) * m / denominator;
    }

    @Test
    void theReadoutDoesNotDependOnThreadsKernelOrBlocks() throws IOException {
        int images = 1000;
        Preset.ProbeSpec spec = new Preset.ProbeSpec(2, 64, 1e-3, 0.5, List.of(0.5), 500);
        float[] reference = null;
        List<java.util.Map<String, Double>> referenceHistory = null;
        Object[][] settings = {{new ScalarProbeKernel(), 1, 0L}, {ProbeKernel.best(), 3, 0L}, {ProbeKernel.best(), 2, 100_000L}};
        for (Object[] setting : settings) {
            ProbeKernel kernel = (ProbeKernel) setting[0];
            int threads = (int) setting[1];
            long blockBytes = (long) setting[2];
            try (NDManager manager = NDManager.newBaseManager();
                    Features features = RealImages.mnistPixelFeatures(images, manager)) {
                if (blockBytes > 0) {
                    features.limitBlockBytes(blockBytes);
                }
                LinearProbe.ProbeResult result = LinearProbe.train(features, features, 10, spec, 3, manager, null,
                        null, null, kernel, threads);
                float[] weights = result.readout().weight().toFloatArray();
                String what = kernel.name() + ", " + threads + " threads, blocks of " + blockBytes + " bytes";
                if (reference == null) {
                    reference = weights;
                    referenceHistory = result.history();
                    assertTrue(result.finalTestAccuracy() > 0.7,
                            "the probe learns: accuracy on its own training images " + result.finalTestAccuracy());
                } else {
                    assertArrayEquals(reference, weights, what);
                    assertEquals(referenceHistory, result.history(), what);
                }
            }
        }
    }

    /** The fused forward pass scores a readout as the engine does: same accuracy, loss up to rounding. */
    @Test
    void fusedScoreIsTheEngineScore() throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
                Features features = RealImages.mnistPixelFeatures(1500, manager)) {
            Preset.ProbeSpec spec = new Preset.ProbeSpec(1, 64, 1e-3, 0.5, List.of(), 500);
            org.hebbkit.model.LinearReadout readout = LinearProbe.train(features, null, 10, spec, 5, manager, null)
                    .readout();
            ReadoutScore engine = ReadoutScore.ofEngine(readout, features, 500, manager);
            ReadoutScore fused = ReadoutScore.of(readout, features, 500, manager);
            assertTrue(engine.accuracy() > 0.5 && engine.accuracy() < 1, "a readout between chance and perfect: "
                    + engine.accuracy());
            assertEquals(engine.accuracy(), fused.accuracy(), 0, "accuracy");
            assertEquals(engine.loss(), fused.loss(), 1e-5, "mean cross-entropy");
            for (int batch : new int[] {1, 7, 128}) {
                ReadoutScore other = FusedProbe.score(readout, features, batch, 2, ProbeKernel.best());
                assertEquals(fused.accuracy(), other.accuracy(), 0, "batch " + batch);
                assertEquals(fused.loss(), other.loss(), 1e-9, "batch " + batch);
            }
        }
    }

    private static float[] values(SplittableRandom random, int count, double spread) {
        float[] values = new float[count];
        for (int k = 0; k < count; k++) {
            values[k] = (float) (random.nextGaussian() * spread);
        }
        return values;
    }

    private static float[] squares(float[] values) {
        for (int k = 0; k < values.length; k++) {
            values[k] *= values[k];
        }
        return values;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], 1e-6 * Math.max(1, Math.abs(expected[k])), what + ", value " + k);
        }
    }
}
