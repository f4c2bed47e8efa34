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
 * @param training how the blocks are trained ({@link Training}; JSON {@code hebbian}, {@code frozen-random},
 *     {@code untrained}, {@code backprop})
 * @param unsupervised how the blocks learn
 * @param probe how the linear readout is trained
 * @param readout {@link Readout#PROBE} (the linear probe above; missing: this) or {@link Readout#RIDGE}
 */
public record Preset(String name, String description, String reference, String dataset, List<Integer> input,
        List<Preprocessing> preprocessing, List<BlockSpec> blocks, Training training, UnsupervisedSpec unsupervised,
        ProbeSpec probe, Readout readout) {

    /** How a preset's blocks are trained (JSON: the lower-case name, {@code _} written {@code -}). */
    public enum Training {
        /** Each block learns with its local rule, without labels (the presets' own). */
        HEBBIAN,
        /** Weights stay at their initialisation; batch norms adapt their running statistics on the training set. */
        FROZEN_RANDOM,
        /**
         * Weights and batch-norm statistics stay at their initialisation (mean 0, variance 1): what SoftHebb's code
         * does when its Hebbian stages are skipped.
         */
        UNTRAINED,
        /** End to end by gradient descent through the blocks and the readout (a baseline outside the class). */
        BACKPROP
    }

    /** Which readout learns on the frozen features. */
    public enum Readout {
        /** The preset's linear probe ({@link ProbeSpec}: Adam, dropout, schedule). */
        PROBE,
        /** Closed-form ridge regression. */
        RIDGE;

        /** Parses {@code probe} or {@code ridge}, in any case. */
        public static Readout parse(String name) {
            for (Readout readout : values()) {
                if (readout.name().equalsIgnoreCase(name)) {
                    return readout;
                }
            }
            throw new IllegalArgumentException("Unknown readout '" + name + "'. Valid readouts: probe, ridge");
        }
    }

    /** Which images the Hebbian blocks learn from ({@link UnsupervisedSpec#data()}). */
    public enum HebbianImages {
        /** The labelled training images, which the readout also reads. */
        TRAIN,
        /** The dataset's unlabeled split (STL-10's 100,000 images), read from disk batch by batch. */
        UNLABELED
    }

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
        readout = readout == null ? Readout.PROBE : readout;
        blocks = List.copyOf(blocks);
        description = description == null ? "" : description;
        reference = reference == null ? "" : reference;
        if (input.size() != 3 || input.stream().anyMatch(side -> side < 1)) {
            throw new IllegalArgumentException("input must be [channels, height, width], each at least 1, got " + input);
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("blocks must hold at least one block");
        }
    }

    /**
     * Unsupervised training as data.
     *
     * @param mode how the blocks take turns ({@link TrainingMode}; JSON {@code successive}, {@code consecutive},
     *     {@code simultaneous})
     * @param epochs epochs per block (successive) or in all, at least 1
     * @param batchSize images per Hebbian update, at least 1
     * @param burnInBatches the first batches of each stage only adapt thresholds, weights unchanged (missing: 0;
     *     Miconi's full network: 200)
     * @param data which images the Hebbian blocks learn from: {@code train} (missing: the labelled training images,
     *     which the readout also reads) or {@code unlabeled} ({@link HebbianImages}; the dataset's unlabeled split, STL-10's 100,000 images,
     *     as SoftHebb's {@code STL10_unlabel}; the readout still reads the labelled training images). The library takes
     *     the images it is given ({@code PresetRun.run(hebbian, train, test)}); the front ends load the split named here.
     */
    public record UnsupervisedSpec(TrainingMode mode, int epochs, int batchSize, Integer burnInBatches,
            HebbianImages data) {

        /** Learning from the labelled training images. */
        public UnsupervisedSpec(TrainingMode mode, int epochs, int batchSize, Integer burnInBatches) {
            this(mode, epochs, batchSize, burnInBatches, null);
        }

        /** Whether the Hebbian blocks learn from the unlabeled split rather than the labelled training images. */
        public boolean fromUnlabeled() {
            return data == HebbianImages.UNLABELED;
        }

        /** Which images the Hebbian blocks learn from: {@link #data()}, the training images when it is missing. */
        public HebbianImages images() {
            return data == null ? HebbianImages.TRAIN : data;
        }

        /** Checks the values. */
        public UnsupervisedSpec {
            if (mode == null) {
                throw new IllegalArgumentException("mode is missing; valid: successive, consecutive, simultaneous");
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
    public record Augmentation(Kind kind, int copies) {

        /** The augmentations (JSON {@code crop-flip}, {@code resized-crop-flip}). */
        public enum Kind {
            /** A random crop after 4 pixels of reflect padding, then a horizontal flip with probability 1/2. */
            CROP_FLIP,
            /** A random crop of 8 % to 100 % of the area, resized back, then the flip. */
            RESIZED_CROP_FLIP
        }

        /** Checks the values. */
        public Augmentation {
            if (kind == null) {
                throw new IllegalArgumentException("kind is missing; valid: crop-flip, resized-crop-flip");
            }
            if (copies < 1) {
                throw new IllegalArgumentException("copies must be at least 1, got " + copies);
            }
        }
    }
}
