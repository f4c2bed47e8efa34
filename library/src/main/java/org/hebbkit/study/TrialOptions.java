package org.hebbkit.study;

import org.hebbkit.engine.MatMul;
import org.hebbkit.model.Preset;
import org.hebbkit.nn.HebbianConv2d;
import org.hebbkit.train.RunSpec;

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
 * @param readout the readout ({@code probe} or {@code ridge} in JSON), or {@code null} for the preset's
 * @param validation evaluate on the last N training images instead of the test set ({@code train --validation}),
 *     0 for the test set; the lower rungs of successive halving ({@link Halving}) choose on such images
 * @param convAlgorithm how 3 x 3 conv layers learn ({@code train --conv-algorithm}), or {@code null} for
 *     {@code train}'s default
 * @param matmul the kernel of the learning step's products ({@code train --matmul}), or {@code null} for
 *     {@code train}'s default: two studies that differ only here compare formulations over the same seeds
 */
public record TrialOptions(String dataset, int limitTrain, int limitTest, Integer probeEpochs, Preset.Readout readout,
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
    }

    /** The options with {@code train}'s default formulation ({@code convAlgorithm} and {@code matmul} null). */
    public TrialOptions(String dataset, int limitTrain, int limitTest, Integer probeEpochs, Preset.Readout readout,
            int validation) {
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

    /**
     * The run of one trial: {@code preset} (a trial's: {@link #probeEpochs} and its settings already applied,
     * {@link Trial#preset()}) with {@code seed} and these options; the device and the threads are the engine's.
     */
    public RunSpec spec(Preset preset, long seed, String device, int threads) {
        return RunSpec.builder().setPreset(preset).optSeed(seed).optDataset(dataset).optLimitTrain(limitTrain)
                .optLimitTest(limitTest).optValidation(validation).optReadout(readout)
                .optConvAlgorithm(convAlgorithm).optMatMul(matmul).optDevice(device).optThreads(threads).build();
    }
}
