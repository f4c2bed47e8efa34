package org.hebbkit.study;

import org.hebbkit.engine.MatMul;
import org.hebbkit.nn.HebbianConv2d;

/**
 * The options of {@code hebbkit train} that a study applies to every trial and that change its result (so they
 * belong to the study: a study run again with other values is refused). Where the data lives, the device and the
 * engine threads are the engine's business and may differ between runs of a study.
 *
 * @param dataset run the presets on this dataset ({@code mnist}, {@code fashion-mnist}, {@code cifar10},
 *     {@code cifar100}), or {@code null} for each preset's own
 * @param limitTrain only the first N training images, 0 for all
 * @param limitTest only the first N test images, 0 for all
 * @param probeEpochs the probe's epochs before the study's settings apply, or {@code null} for the preset's
 * @param readout {@code probe} or {@code ridge}, or {@code null} for the preset's
 * @param validation evaluate on the last N training images instead of the test set ({@code train --validation}),
 *     0 for the test set; the lower rungs of successive halving ({@link Halving}) choose on such images
 * @param convAlgorithm how 3 x 3 conv layers learn ({@code train --conv-algorithm}), or {@code null} for
 *     {@code train}'s default
 * @param matmul the kernel of the learning step's products ({@code train --matmul}), or {@code null} for
 *     {@code train}'s default: two studies that differ only here compare formulations over the same seeds
 */
public record TrialOptions(String dataset, int limitTrain, int limitTest, Integer probeEpochs, String readout,
        int validation, HebbianConv2d.Algorithm convAlgorithm, MatMul.Kernel matmul) {

    public TrialOptions {
        if (limitTrain < 0 || limitTest < 0) {
            throw new IllegalArgumentException("limitTrain and limitTest must be non-negative, got " + limitTrain
                    + " and " + limitTest);
        }
        if (probeEpochs != null && probeEpochs < 1) {
            throw new IllegalArgumentException("probeEpochs must be at least 1, got " + probeEpochs);
        }
        if (validation < 0) {
            throw new IllegalArgumentException("validation must be at least 0 (0: the test set), got " + validation);
        }
        if (readout != null && !readout.equals("probe") && !readout.equals("ridge")) {
            throw new IllegalArgumentException("readout must be probe or ridge, got '" + readout + "'");
        }
    }

    /** The options with {@code train}'s default formulation ({@code convAlgorithm} and {@code matmul} null). */
    public TrialOptions(String dataset, int limitTrain, int limitTest, Integer probeEpochs, String readout, int validation) {
        this(dataset, limitTrain, limitTest, probeEpochs, readout, validation, null, null);
    }

    /** Each preset as it is, on all its data. */
    public static TrialOptions defaults() {
        return new TrialOptions(null, 0, 0, null, null, 0);
    }

    /** These options on a rung of successive halving: the first {@code limitTrain} images, scored as {@code validation} says. */
    public TrialOptions forRung(int limitTrain, int validation) {
        return new TrialOptions(dataset, limitTrain, limitTest, probeEpochs, readout, validation, convAlgorithm, matmul);
    }
}
