package org.hebbkit.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.hebbkit.model.Preset;
import org.hebbkit.model.Presets;

/** A tiny preset and a synthetic labelled image set with learnable structure, for fast tests. */
final class TinyData {

    static final String PRESET = """
            {"name": "tiny-conv", "description": "test", "reference": "test", "dataset": "synthetic",
             "input": [3, 8, 8], "training": "hebbian",
             "blocks": [{"batchNorm": true, "outChannels": 8,
               "conv": {"kernel": 3, "stride": 1, "padding": 1, "paddingMode": "reflect", "dilation": 1, "groups": 1},
               "competition": {"type": "soft-krotov", "temperatureInverse": 1.0}, "rule": {"type": "softhebb"},
               "learningRate": {"type": "norm-adaptive", "rate": 0.08, "power": 0.5},
               "normaliseUpdate": true, "renormalise": false, "preTriangle": false,
               "activation": {"type": "triangle", "power": 0.7},
               "pooling": {"kind": "max", "kernel": 2, "stride": 2, "padding": 0},
               "init": {"kind": "normal", "radius": 25}}],
             "unsupervised": {"mode": "successive", "epochs": 1, "batchSize": 10},
             "probe": {"epochs": 4, "batchSize": 16, "learningRate": 0.01, "dropout": 0.5, "milestones": [0.5],
               "evalBatchSize": 50}}
            """;

    private TinyData() {}

    static Preset preset() {
        return Presets.fromJson(PRESET);
    }

    /** {@code n} images of 4 classes: class c has a bright 3x3 square in quadrant c, plus noise. */
    static LabelledImages images(int n, long seed) {
        float[][] pixels = new float[n][3 * 8 * 8];
        int[] labels = new int[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
            int top = (labels[i] / 2) * 4 + random.nextInt(2);
            int left = (labels[i] % 2) * 4 + random.nextInt(2);
            for (int p = 0; p < pixels[i].length; p++) {
                pixels[i][p] = (float) (random.nextDouble() * 0.3);
            }
            for (int c = 0; c < 3; c++) {
                for (int y = top; y < top + 3; y++) {
                    for (int x = left; x < left + 3; x++) {
                        pixels[i][(c * 8 + y) * 8 + x] += 0.7f;
                    }
                }
            }
        }
        return LabelledImages.of(n, index -> labels[index], (NDManager manager, int[] indices) -> {
            float[] batch = new float[indices.length * 192];
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(pixels[indices[i]], 0, batch, i * 192, 192);
            }
            return manager.create(batch, new Shape(indices.length, 3, 8, 8));
        });
    }
}
