package org.hebbkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.hebbkit.RealImages;
import org.hebbkit.model.LinearReadout;
import org.hebbkit.model.Preset;
import org.junit.jupiter.api.Test;

/**
 * The probe's two formulations against the one they replaced, written out here as it was: {@code x} scaled by the
 * mask and the factor, then {@link LinearReadout#logits}, the gradient {@code g^T x}, Adam. On real features (MNIST
 * pixels, 2,000 images, float16 like the cache of a run), one epoch, the same masks (one {@link Dropout} key per batch,
 * drawn in the same order by all three).
 * <ul>
 *   <li>the engine formulation (dropout as {@code x * mask}, its factor {@code 1 / (1 - p)} applied to the two products
 *       instead of to {@code x}, as used for features not in a CPU cache): with {@code p = 0.5} the factor is 2, so
 *       every product and sum is exactly twice the unscaled one and the readouts are equal bit for bit;</li>
 *   <li>the fused CPU step ({@link FusedProbe}): its sums run in another order (lanes of 8, slices of 512 columns), so
 *       it agrees up to rounding only: largest difference of the weights measured 3.7e-9 at {@code p = 0.5},
 *       for weights of about 0.04 (bound 1e-6).</li>
 * </ul>
 */
class ProbeFormulationTest {

    private static final int IMAGES = 2000;

    @Test
    void engineFormulationGivesTheFormerReadoutBitForBitAtHalfDropout() throws IOException {
        float[][] compared = compare(0.5, null);
        assertArrayEquals(compared[0], compared[1]);
    }

    @Test
    void engineFormulationGivesItUpToRoundingAtOtherDropout() throws IOException {
        assertEquals(0, largestDifference(compare(0.2, null)), 1e-5, "largest difference of the weights");
    }

    @Test
    void fusedStepGivesTheFormerReadoutUpToRounding() throws IOException {
        for (ProbeKernel kernel : new ProbeKernel[] {new ScalarProbeKernel(), ProbeKernel.best()}) {
            for (double p : new double[] {0.5, 0.2, 0}) {
                assertEquals(0, largestDifference(compare(p, kernel)), 1e-6,
                        "largest difference of the weights, " + kernel.name() + ", p = " + p);
            }
        }
    }

    private static double largestDifference(float[][] compared) {
        double largest = 0;
        for (int i = 0; i < compared[0].length; i++) {
            largest = Math.max(largest, Math.abs(compared[0][i] - compared[1][i]));
        }
        return largest;
    }

    /**
     * The readout weights of the probe (engine formulation when {@code kernel} is null, else the fused step on it) and
     * of the former formulation, same features, spec and seed.
     */
    private static float[][] compare(double dropout, ProbeKernel kernel) throws IOException {
        Preset.ProbeSpec spec = new Preset.ProbeSpec(1, 64, 1e-3, dropout, List.of(), 500);
        long seed = 7;
        try (NDManager manager = NDManager.newBaseManager();
                Features features = RealImages.mnistPixelFeatures(IMAGES, manager)) {
            float[] probe = LinearProbe.train(features, null, 10, spec, seed, manager, null, null, null, kernel, 2)
                    .readout().weight().toFloatArray();
            return new float[][] {probe, former(features, spec, seed, manager)};
        }
    }

    /** The probe's epoch as it was computed before: the same draws in the same order. */
    private static float[] former(Features train, Preset.ProbeSpec spec, long seed, NDManager parent) {
        int features = train.featureCount();
        try (NDManager manager = parent.newSubManager()) {
            SplittableRandom random = new SplittableRandom(seed);
            LinearReadout readout = new LinearReadout(manager,
                    LinearProbe.uniform(manager, new Shape(10, features), features, random),
                    LinearProbe.uniform(manager, new Shape(10), features, random));
            NDArray[] moments = {manager.zeros(new Shape(10, features)), manager.zeros(new Shape(10, features)),
                manager.zeros(new Shape(10)), manager.zeros(new Shape(10))};
            Dropout dropout = new Dropout(spec.dropout(), random.split());
            long batches = (train.size() + spec.batchSize() - 1) / spec.batchSize();
            MiniBatches order = MiniBatches.shuffled(train.size(), spec.batchSize(), random);
            for (long batch = 0; batch < batches; batch++) {
                int[] indices = order.batch(batch);
                try (NDManager scope = manager.newSubManager()) {
                    readout.attachTo(scope);
                    for (NDArray moment : moments) {
                        scope.tempAttachAll(moment);
                    }
                    NDArray x = dropout.apply(train.rows(scope, indices), scope);
                    NDArray logits = readout.logits(x);
                    NDArray gradLogits = logits.softmax(1)
                            .sub(ReadoutScore.labels(scope, train, indices).oneHot(10)).div(indices.length);
                    LinearProbe.adam(readout.weight(), gradLogits.transpose().matMul(x), moments[0], moments[1],
                            spec.learningRate(), batch + 1);
                    LinearProbe.adam(readout.bias(), gradLogits.sum(new int[] {0}), moments[2], moments[3],
                            spec.learningRate(), batch + 1);
                }
            }
            return readout.weight().toFloatArray();
        }
    }
}
