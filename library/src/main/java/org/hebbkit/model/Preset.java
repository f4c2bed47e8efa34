package org.hebbkit.model;

import java.util.List;
import org.hebbkit.nn.Preprocessing;

/**
 * A complete recipe: architecture, unsupervised training and readout. Presets are JSON (resources under
 * {@code org/hebbkit/model/presets/}, listed by {@link Presets}, or files of one's own read with
 * {@link Presets#read(java.nio.file.Path)}); {@link Configs} reads and writes them strictly. Derive a variant
 * with {@link Configs#with} ({@code Configs.with(preset, "probe.epochs", 5)}).
 *
 * @param name identifier, e.g. {@code softhebb-cifar10-3layer}
 * @param description one line for listings
 * @param reference the paper, table and number this preset reproduces
 * @param dataset the dataset it was made for: {@code cifar-10}, {@code mnist}, ...
 * @param input {@code [channels, height, width]}
 * @param preprocessing fixed input transforms before the first block, in order (missing: none)
 * @param blocks the Hebbian blocks, input first
 * @param training {@code hebbian}, {@code frozen-random} (weights stay at their initialisation, batch norms
 *     adapt their running statistics on the training set), {@code untrained} (weights and batch-norm statistics
 *     stay at their initialisation, mean 0 and variance 1: what SoftHebb's code does when its Hebbian stages are
 *     skipped) or {@code backprop} (end to end by gradient descent)
 * @param unsupervised how the blocks learn
 * @param probe how the linear readout is trained
 * @param readout {@code probe} (the linear probe above, the default) or {@code ridge} (closed-form ridge regression)
 */
public record Preset(String name, String description, String reference, String dataset, List<Integer> input,
        List<Preprocessing> preprocessing, List<BlockSpec> blocks, String training, UnsupervisedSpec unsupervised,
        ProbeSpec probe, String readout) {

    /** The valid values of {@code readout}. */
    public static final List<String> READOUTS = List.of("probe", "ridge");

    /** The valid values of {@code training}. */
    public static final List<String> TRAININGS = List.of("hebbian", "frozen-random", "untrained", "backprop");

    /** Checks the values and copies the lists. */
    public Preset {
        for (Object[] field : new Object[][] {{name, "name"}, {dataset, "dataset"}, {input, "input"}, {blocks, "blocks"},
                {training, "training"}, {unsupervised, "unsupervised"}, {probe, "probe"}}) {
            if (field[0] == null) {
                throw new IllegalArgumentException(field[1] + " is missing");
            }
        }
        input = List.copyOf(input);
        preprocessing = preprocessing == null ? List.of() : List.copyOf(preprocessing);
        readout = readout == null ? "probe" : readout;
        if (!READOUTS.contains(readout)) {
            throw new IllegalArgumentException("readout must be one of " + String.join(", ", READOUTS) + ", got '"
                    + readout + "'");
        }
        blocks = List.copyOf(blocks);
        description = description == null ? "" : description;
        reference = reference == null ? "" : reference;
        if (input.size() != 3 || input.stream().anyMatch(side -> side < 1)) {
            throw new IllegalArgumentException("input must be [channels, height, width], each at least 1, got " + input);
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("blocks must hold at least one block");
        }
        if (!TRAININGS.contains(training)) {
            throw new IllegalArgumentException("training must be one of " + String.join(", ", TRAININGS) + ", got '"
                    + training + "'");
        }
    }

    /**
     * Unsupervised training as data.
     *
     * @param mode {@code successive}, {@code consecutive} or {@code simultaneous}
     * @param epochs epochs per block (successive) or in all, at least 1
     * @param batchSize images per Hebbian update, at least 1
     * @param burnInBatches the first batches of each stage only adapt thresholds, weights unchanged (missing: 0;
     *     Miconi's full network: 200)
     * @param data which images the Hebbian blocks learn from: {@code train} (missing: the labelled training images,
     *     which the readout also reads) or {@code unlabeled} (the dataset's unlabeled split, STL-10's 100,000 images,
     *     as SoftHebb's {@code STL10_unlabel}; the readout still reads the labelled training images). The library takes
     *     the images it is given ({@code PresetRun.run(hebbian, train, test)}); the front ends load the split named here.
     */
    public record UnsupervisedSpec(String mode, int epochs, int batchSize, Integer burnInBatches, String data) {

        /** The valid modes. */
        public static final List<String> MODES = List.of("successive", "consecutive", "simultaneous");

        /** The valid values of {@code data}. */
        public static final List<String> DATA = List.of("train", "unlabeled");

        /** Learning from the labelled training images. */
        public UnsupervisedSpec(String mode, int epochs, int batchSize, Integer burnInBatches) {
            this(mode, epochs, batchSize, burnInBatches, null);
        }

        /** Whether the Hebbian blocks learn from the unlabeled split rather than the labelled training images. */
        public boolean fromUnlabeled() {
            return "unlabeled".equals(data);
        }

        /** Checks the values. */
        public UnsupervisedSpec {
            if (data != null && !DATA.contains(data)) {
                throw new IllegalArgumentException("data must be one of " + String.join(", ", DATA) + ", got '" + data + "'");
            }
            if (!MODES.contains(mode)) {
                throw new IllegalArgumentException("mode must be one of " + String.join(", ", MODES) + ", got '" + mode + "'");
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
            }
            burnInBatches = burnInBatches == null ? 0 : burnInBatches;
            if (burnInBatches < 0) {
                throw new IllegalArgumentException("burnInBatches must be at least 0, got " + burnInBatches);
            }
        }
    }

    /**
     * Linear-probe training as data.
     *
     * @param epochs passes over the training features, at least 1
     * @param batchSize examples per Adam step, at least 1
     * @param learningRate Adam's initial learning rate, positive
     * @param dropout dropout probability on the features, in [0, 1) (0 for none)
     * @param milestones fractions of the epochs at which the learning rate halves, each in (0, 1)
     * @param evalBatchSize examples per evaluation batch, at least 1
     * @param augmentation how the readout's training images are augmented (missing: not at all)
     */
    public record ProbeSpec(int epochs, int batchSize, double learningRate, double dropout, List<Double> milestones,
            int evalBatchSize, Augmentation augmentation) {

        /** A probe on the training images as they are. */
        public ProbeSpec(int epochs, int batchSize, double learningRate, double dropout, List<Double> milestones,
                int evalBatchSize) {
            this(epochs, batchSize, learningRate, dropout, milestones, evalBatchSize, null);
        }

        /** Checks the values and copies the list. */
        public ProbeSpec {
            milestones = milestones == null ? List.of() : List.copyOf(milestones);
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
            if (batchSize < 1 || evalBatchSize < 1) {
                throw new IllegalArgumentException("batchSize and evalBatchSize must be at least 1, got " + batchSize
                        + " and " + evalBatchSize);
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
            for (double milestone : milestones) {
                if (!(milestone > 0 && milestone < 1)) {
                    throw new IllegalArgumentException("milestones must each be in (0, 1), got " + milestone);
                }
            }
        }
    }

    /**
     * Augmentation of the readout's training images, as SoftHebb's supervised dataset presets ({@code STL10_100aug},
     * {@code ImageNette_200aug}) do. SoftHebb draws a new augmentation of every image in every epoch, which a cache of
     * one feature vector per image cannot hold; HebbKit draws {@code copies} augmented versions of each training image
     * once (seeded), extracts their features into the cache, and trains the readout on them for every epoch. The cost
     * is {@code copies} times the training features' memory ({@code copies * N * features * 2} bytes in float16).
     *
     * @param kind {@code crop-flip}: random 96 x 96 (the image's size) crop after 4 pixels of reflect padding, then a
     *     horizontal flip with probability 1/2 (SoftHebb's {@code crop_flip}: torchvision's
     *     {@code RandomCrop(size, padding=4, padding_mode="reflect")}, {@code RandomHorizontalFlip()});
     *     {@code resized-crop-flip}: a random crop of 8 % to 100 % of the area with aspect ratio 3/4 to 4/3, resized back
     *     to the image's size, then the flip (torchvision's {@code RandomResizedCrop}, which SoftHebb's
     *     {@code imagenet_tf} uses; HebbKit crops the stored, already resized image, SoftHebb the original file)
     * @param copies augmented versions of each training image, at least 1
     */
    public record Augmentation(String kind, int copies) {

        /** The valid kinds. */
        public static final List<String> KINDS = List.of("crop-flip", "resized-crop-flip");

        /** Checks the values. */
        public Augmentation {
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException("kind must be one of " + String.join(", ", KINDS) + ", got '" + kind + "'");
            }
            if (copies < 1) {
                throw new IllegalArgumentException("copies must be at least 1, got " + copies);
            }
        }
    }
}
