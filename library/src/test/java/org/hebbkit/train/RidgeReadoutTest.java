package org.hebbkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.hebbkit.model.LinearReadout;
import org.junit.jupiter.api.Test;

/**
 * Ridge regression: fits on the training features alone, scores on held-out features (Miconi's notebook scored
 * train and test merged; HebbKit must not), and works above the float64 limit of 4,096 features.
 */
class RidgeReadoutTest {

    /** Class c lights feature c (plus noise); {@code extra} noise-only features. */
    private static Features data(NDManager manager, int n, int classes, int extra, long seed, boolean shuffledLabels) {
        SplittableRandom random = new SplittableRandom(seed);
        int features = classes + extra;
        float[] values = new float[n * features];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
            for (int f = 0; f < features; f++) {
                values[i * features + f] = (float) (0.3 * random.nextGaussian());
            }
            values[i * features + labels[i]] += 1;
            if (shuffledLabels) {
                labels[i] = random.nextInt(classes);
            }
        }
        NDArray array = manager.create(values, new ai.djl.ndarray.types.Shape(n, features));
        return Features.of(array, labels);
    }

    @Test
    void scoresHeldOutDataWithTheFitOnTrainingDataAlone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Features train = data(manager, 600, 4, 20, 1, false);
            Features test = data(manager, 400, 4, 20, 2, false);
            Features unrelated = data(manager, 400, 4, 20, 3, true);
            LinearReadout readout = RidgeReadout.fit(train, 4, 1e-3, 128, manager);
            double trainAccuracy = ReadoutScore.of(readout, train, 100, manager).accuracy();
            double testAccuracy = ReadoutScore.of(readout, test, 100, manager).accuracy();
            double unrelatedAccuracy = ReadoutScore.of(readout, unrelated, 100, manager).accuracy();
            assertTrue(trainAccuracy > 0.95 && testAccuracy > 0.9, trainAccuracy + " / " + testAccuracy);
            // labels unrelated to the features: a readout fit on train alone cannot exceed chance on them
            assertTrue(unrelatedAccuracy < 0.4, "held-out labels never reached the fit: " + unrelatedAccuracy);
        }
    }

    @Test
    void fitsAboveTheFloat64LimitOfFeatures() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Features train = data(manager, 300, 3, 4200, 4, false);
            LinearReadout readout = RidgeReadout.fit(train, 3, 1e-1, 100, manager);
            assertEquals(4203, readout.weight().getShape().get(1));
            Features test = data(manager, 300, 3, 4200, 5, false);
            assertTrue(ReadoutScore.of(readout, test, 100, manager).accuracy() > 0.6);
        }
    }
}
