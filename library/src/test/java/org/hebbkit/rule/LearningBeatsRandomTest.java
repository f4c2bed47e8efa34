package org.hebbkit.rule;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.hebbkit.RealImages;
import org.hebbkit.model.Configs;
import org.hebbkit.model.Preset;
import org.hebbkit.model.Presets;
import org.hebbkit.nn.Pooling;
import org.hebbkit.nn.WeightInit;
import org.hebbkit.train.LabelledImages;
import org.hebbkit.train.PresetRun;
import org.junit.jupiter.api.Test;

/**
 * On small real tasks, a few unsupervised epochs of a rule must give features that a ridge readout classifies
 * better than the same architecture's frozen random features (same seed), so that a rule which learns nothing
 * fails here.
 * <ul>
 *   <li>Fully connected (Krotov's layer): the first 3,000 images of MNIST, tested on the next 1,000.</li>
 *   <li>Convolutional (SoftHebb's CIFAR-10 block, narrowed): the first 5,000 images of CIFAR-10's
 *       {@code data_batch_1.bin}, tested on the first 1,000 of {@code test_batch.bin}, the images
 *       {@code hebbkit train --limit-train 5000 --limit-test 1000} reads. On MNIST no conv block separates at
 *       this size (16 soft-Krotov channels, 5x5, triangle, 4x4 max pooling: 0.952 learnt against 0.949
 *       random; 4 or 8 channels, hard WTA, Krotov ranking or average pooling did not separate either):
 *       random 5x5 filters already read digits well, natural images need learnt ones.</li>
 * </ul>
 * The images come from {@link RealImages}: skipped without the data, failed without it when
 * {@code HEBBKIT_REQUIRE_DATA=1}.
 */
class LearningBeatsRandomTest {

    private static final int TRAIN = 3000;
    private static final int TEST = 1000;

    private static final int CIFAR_TRAIN = 5000;
    private static final int CIFAR_TEST = 1000;

    private static LabelledImages train;
    private static LabelledImages test;
    private static LabelledImages cifarTrain;
    private static LabelledImages cifarTest;

    /**
     * Krotov and Hopfield's layer, narrow (20 units, where random features are weak): ranking competition
     * (k = 2, delta = 0.4), their update (SoftHebb's rule form), rate falling linearly over 4 epochs; the
     * Euclidean response (p = 2). Measured at seed 1 (3,000 train, 1,000 test images): 0.796 learnt against
     * 0.586 random; seeds 2 to 4: 0.801/0.634, 0.779/0.590, 0.804/0.547.
     */
    private static final String KROTOV = """
            {"name": "zoo-krotov-p2", "dataset": "mnist", "input": [1, 28, 28], "training": "hebbian",
             "blocks": [{"batchNorm": false, "outChannels": 20, "conv": null, "response": {"type": "linear"},
               "competition": {"type": "krotov-ranking", "k": 2, "delta": 0.4}, "rule": {"type": "softhebb"},
               "learningRate": {"type": "linear-decay", "rate": 0.02},
               "normaliseUpdate": true, "renormalise": false, "preTriangle": false,
               "activation": {"type": "relu"}, "pooling": null,
               "init": {"kind": "uniform", "radius": 3}}],
             "unsupervised": {"mode": "successive", "epochs": 4, "batchSize": 20},
             "probe": {"epochs": 1, "batchSize": 32, "learningRate": 0.001, "dropout": 0.0, "milestones": [],
               "evalBatchSize": 500}}
            """;

    /**
     * The same with Krotov's currents (p = 3), their initialisation (normal, norm about 28 over 784 inputs) and a
     * weaker push (delta = 0.1). Measured when the layer's output was the currents: 0.599 learnt against 0.544
     * random at seed 1 (seeds 2, 3: 0.621/0.539, 0.622/0.538); since the output is the plain {@code W x} (as Krotov
     * and Hopfield classify), 0.570 against 0.543 at seed 1, hence the margin of 0.015. A few hundred updates are far
     * from Krotov's regime (the krotov-mnist preset: 12,000 updates, 97.91 %). (With delta = 0.4 or a positive initialisation, so few updates leave one unit winning every
     * input and the others pushed below zero: learnt features then lose to random ones.)
     */
    private static Preset withLebesgueCurrents(Preset krotov) {
        Preset currents = Configs.with(krotov, "name", "zoo-krotov-p3");
        currents = Configs.with(currents, "blocks.0.response", new KrotovCurrents(3));
        currents = Configs.with(currents, "blocks.0.competition", new KrotovRanking(2, 0.1));
        return Configs.with(currents, "blocks.0.init", new WeightInit(WeightInit.Kind.NORMAL, 28));
    }

    /**
     * SoftHebb's CIFAR-10 1-layer block (soft-Krotov competition, norm-adaptive rate, triangle 0.7, reflect padding,
     * one epoch at batch 10), narrowed to 32 channels with 4x4 max pooling at stride 4 (2,048 features) so that the
     * ridge fits in seconds. Measured with {@code hebbkit train --preset FILE --limit-train 5000 --limit-test 1000
     * --readout ridge --seed S} (this preset, and the same with training frozen-random): seed 1 0.450 learnt against
     * 0.409 random, seed 2 0.441/0.394, seed 3 0.457/0.402. Here (seed 1): 0.448 against 0.409; with a rate of 1e-9,
     * a rule that learns nothing, the "learnt" features give 0.409 too, and this test fails.
     */
    private static Preset narrowSoftHebbCifar() {
        Preset preset = Configs.with(Presets.get("softhebb-cifar10-1layer"), "name", "softhebb-cifar10-narrow");
        preset = Configs.with(preset, "blocks.0.outChannels", 32);
        return Configs.with(preset, "blocks.0.pooling", new Pooling(Pooling.Kind.MAX, 4, 4, 0));
    }

    @Test
    void softHebbConvBlockBeatsFrozenRandomWeightsOnCifar10() throws IOException {
        readCifar10();
        double learned = accuracy(narrowSoftHebbCifar(), cifarTrain, cifarTest);
        double random = accuracy(Configs.with(narrowSoftHebbCifar(), "training", "frozen-random"), cifarTrain,
                cifarTest);
        assertTrue(learned > random + 0.02, "SoftHebb conv block on CIFAR-10: ridge accuracy with learnt weights "
                + learned + ", with frozen random weights " + random + "; learning must win by 0.02");
    }

    /** Reads the CIFAR-10 images once; skips (or fails, with HEBBKIT_REQUIRE_DATA=1) without them. */
    private static synchronized void readCifar10() throws IOException {
        if (cifarTrain != null) {
            return;
        }
        cifarTrain = RealImages.cifar10(false, CIFAR_TRAIN);
        cifarTest = RealImages.cifar10(true, CIFAR_TEST);
    }

    /** Reads the images once; skips (or fails, with HEBBKIT_REQUIRE_DATA=1) each test without them. */
    private static synchronized void readMnist() throws IOException {
        if (train != null) {
            return;
        }
        train = RealImages.mnist(0, TRAIN, TRAIN + TEST);
        test = RealImages.mnist(TRAIN, TEST, TRAIN + TEST);
    }

    @Test
    void krotovRuleBeatsFrozenRandomWeights() throws IOException {
        assertLearningBeatsRandom(Presets.fromJson(KROTOV), 0.1);
    }

    @Test
    void krotovRuleWithLebesgueCurrentsBeatsFrozenRandomWeights() throws IOException {
        assertLearningBeatsRandom(withLebesgueCurrents(Presets.fromJson(KROTOV)), 0.015);
    }

    private static void assertLearningBeatsRandom(Preset preset, double margin) throws IOException {
        readMnist();
        double learned = accuracy(preset);
        double random = accuracy(Configs.with(preset, "training", "frozen-random"));
        assertTrue(learned > random + margin, preset.name() + ": ridge accuracy with learnt weights " + learned
                + ", with frozen random weights " + random + "; learning must win by " + margin);
    }

    private static double accuracy(Preset preset) {
        return accuracy(preset, train, test);
    }

    private static double accuracy(Preset preset, LabelledImages trainImages, LabelledImages testImages) {
        PresetRun.Result result = PresetRun.builder().setPreset(preset).optSeed(1).optReadout(Preset.Readout.RIDGE)
                .build().run(trainImages, testImages);
        result.network().close();
        return result.testAccuracy();
    }
}
