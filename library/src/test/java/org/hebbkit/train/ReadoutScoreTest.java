package org.hebbkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.hebbkit.model.LinearReadout;
import org.junit.jupiter.api.Test;

class ReadoutScoreTest {

    @Test
    void accuracyAndLossEqualALoopOverExamples() {
        int examples = 7;
        int featureCount = 5;
        int classes = 3;
        SplittableRandom random = new SplittableRandom(4);
        float[] x = new float[examples * featureCount];
        float[] w = new float[classes * featureCount];
        float[] b = new float[classes];
        int[] labels = new int[examples];
        fill(x, random);
        fill(w, random);
        fill(b, random);
        for (int n = 0; n < examples; n++) {
            labels[n] = random.nextInt(classes);
        }
        int correct = 0;
        double loss = 0;
        for (int n = 0; n < examples; n++) {
            double[] logits = new double[classes];
            int best = 0;
            double normaliser = 0;
            for (int c = 0; c < classes; c++) {
                logits[c] = b[c];
                for (int f = 0; f < featureCount; f++) {
                    logits[c] += x[n * featureCount + f] * w[c * featureCount + f];
                }
                best = logits[c] > logits[best] ? c : best;
            }
            for (double logit : logits) {
                normaliser += Math.exp(logit);
            }
            correct += best == labels[n] ? 1 : 0;
            loss -= logits[labels[n]] - Math.log(normaliser);
        }
        try (NDManager manager = NDManager.newBaseManager();
                Features features = Features.of(manager.create(x, new Shape(examples, featureCount)), labels)) {
            NDManager readoutManager = manager.newSubManager();
            LinearReadout readout = new LinearReadout(readoutManager, readoutManager.create(w, new Shape(classes, featureCount)),
                    readoutManager.create(b));
            ReadoutScore score = ReadoutScore.of(readout, features, 3, manager);
            assertEquals((double) correct / examples, score.accuracy(), 1e-12);
            assertEquals(loss / examples, score.loss(), 1e-5);
        }
    }

    private static void fill(float[] values, SplittableRandom random) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
    }
}
