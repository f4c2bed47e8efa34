package org.hebbkit.train;

import java.util.Locale;
import java.util.Objects;
import org.hebbkit.engine.MatMul;
import org.hebbkit.model.Configs;
import org.hebbkit.model.Preset;
import org.hebbkit.model.Preset.HebbianImages;
import org.hebbkit.model.Preset.Readout;
import org.hebbkit.model.TrainingMode;
import org.hebbkit.nn.HebbianConv2d;

/**
 * One run of a preset, typed and checked in one place: the recipe, the seed, which images, what the run changes of the
 * recipe, and how it is computed. {@code hebbkit train} builds one from its options, {@code Hebb.train} from its
 * parameters, a study one for each trial ({@link org.hebbkit.study.TrialOptions#spec}); {@code train --resume} reads it
 * back from the run's {@code resume/command.json} and {@code run.json} holds it under {@code "run"}, both as
 * {@link Configs} writes it. Change one value of a spec with {@link Configs#with}
 * ({@code Configs.with(spec, "data.limitTrain", 1000)}): the checks run again.
 *
 * <pre>{@code
 * RunSpec spec = RunSpec.builder().setPreset(Presets.get("softhebb-cifar10-3layer")).optSeed(1)
 *         .optValidation(5000).optProbeEpochs(10).build();
 * spec.recipe();   // the preset with 10 probe epochs
 * spec.readout();  // the preset's readout, as no other was asked for
 * }</pre>
 *
 * @param preset the recipe as given; {@link #recipe()} applies {@link Changes}
 * @param seed the one seed: initialisation, order of the images, dropout
 * @param data which images the run reads
 * @param changes what the run changes of the recipe ({@code null} members: the recipe's own)
 * @param compute how the run is computed: device, threads and the learning step's formulation
 */
public record RunSpec(Preset preset, long seed, Data data, Changes changes, Compute compute) {

    /**
     * Which images a run reads.
     *
     * @param dataset a dataset's name or alias ({@code cifar-10}, {@code cifar10}), the preset adapted to its images;
     *     {@code null}: the preset's own
     * @param limitTrain the first N training images, 0 for all
     * @param limitTest the first N test images, 0 for all
     * @param validation score on the last N training images, left out of training, instead of the test set (which is
     *     then not read); 0: the test set
     * @param hebbianImages the images the Hebbian blocks learn from; {@code null}: the preset's
     *     ({@link Preset.UnsupervisedSpec#data()})
     * @param limitHebbian with unlabeled Hebbian images, only the first N; 0 for all
     * @param augmentedCopies for a preset that augments its readout's images, the augmented copies of each in the feature
     *     cache, 0 for none; {@code null}: the preset's ({@link Preset.Augmentation#copies()})
     */
    public record Data(String dataset, int limitTrain, int limitTest, int validation, HebbianImages hebbianImages,
            int limitHebbian, Integer augmentedCopies) {

        /** Checks the values. */
        public Data {
            if (dataset != null && dataset.isBlank()) {
                throw new IllegalArgumentException("dataset is empty; give a dataset's name, or leave it out for the preset's");
            }
            atLeast(limitTrain, 0, "limitTrain", " (0: every training image)");
            atLeast(limitTest, 0, "limitTest", " (0: every test image)");
            atLeast(validation, 0, "validation", " (0: score on the test set)");
            atLeast(limitHebbian, 0, "limitHebbian", " (0: every unlabeled image)");
            if (augmentedCopies != null) {
                atLeast(augmentedCopies, 0, "augmentedCopies", " (0: none)");
            }
        }
    }

    /**
     * What a run changes of its recipe; {@code null} keeps the recipe's value.
     *
     * @param mode how the Hebbian blocks take turns
     * @param readout which readout learns on the features
     * @param probeEpochs the probe's epochs (its learning-rate milestones are fractions, so they scale), at least 1
     * @param hebbianEpochs the Hebbian epochs ({@code unsupervised.epochs}), at least 1
     */
    public record Changes(TrainingMode mode, Readout readout, Integer probeEpochs, Integer hebbianEpochs) {

        /** Checks the values. */
        public Changes {
            if (probeEpochs != null) {
                atLeast(probeEpochs, 1, "probeEpochs", "");
            }
            if (hebbianEpochs != null) {
                atLeast(hebbianEpochs, 1, "hebbianEpochs", "");
            }
        }
    }

    /**
     * How a run is computed. Device and threads change the time, not the numbers beyond the last digits a kernel's
     * order of sums gives; the formulation's choices change those digits, so a study holds them.
     *
     * @param device {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto} ({@link org.hebbkit.model.Devices#parse})
     * @param threads engine threads, 0 for one per core
     * @param convAlgorithm how 3 x 3 conv layers learn; {@code null}: {@link HebbianConv2d.Algorithm#PATCHES}
     * @param matmul the learning step's product kernel; {@code null}: the caller's ({@link MatMul#kernel()})
     * @param recomputeLowerBlocks run the frozen lower blocks again for every batch, in float32, instead of keeping
     *     their output once per stage in float16 (successive mode)
     */
    public record Compute(String device, int threads, HebbianConv2d.Algorithm convAlgorithm, MatMul.Kernel matmul,
            boolean recomputeLowerBlocks) {

        /** Checks the values; a missing device is the CPU. */
        public Compute {
            device = device == null ? "cpu" : device;
            if (device.isBlank()) {
                throw new IllegalArgumentException("device is empty; valid: cpu, gpu, gpu:N, auto");
            }
            atLeast(threads, 0, "threads", " (0: one per core)");
        }

        /** The conv algorithm this run uses: the given one, else {@link HebbianConv2d.Algorithm#PATCHES}. */
        public HebbianConv2d.Algorithm convAlgorithmOrDefault() {
            return convAlgorithm == null ? HebbianConv2d.Algorithm.PATCHES : convAlgorithm;
        }
    }

    /** Checks the values and that they fit the preset; missing parts are the defaults. */
    public RunSpec {
        Objects.requireNonNull(preset, "preset");
        data = data == null ? new Data(null, 0, 0, 0, null, 0, null) : data;
        changes = changes == null ? new Changes(null, null, null, null) : changes;
        compute = compute == null ? new Compute(null, 0, null, null, false) : compute;
        if (data.augmentedCopies() != null && data.augmentedCopies() > 0 && preset.probe().augmentation() == null) {
            throw new IllegalArgumentException("augmentedCopies " + data.augmentedCopies() + ": preset " + preset.name()
                    + " does not augment its readout's images (no probe.augmentation); leave it out, or add"
                    + " \"augmentation\": {\"kind\": \"crop-flip\", \"copies\": N} to the probe of a preset file");
        }
        HebbianImages images = data.hebbianImages() != null ? data.hebbianImages() : preset.unsupervised().images();
        if (data.limitHebbian() > 0 && images != HebbianImages.UNLABELED) {
            throw new IllegalArgumentException("limitHebbian " + data.limitHebbian() + " limits the unlabeled images, but"
                    + " the Hebbian blocks learn from the training images: leave it out, or learn from the unlabeled ones"
                    + " (hebbianImages unlabeled)");
        }
    }

    /** The recipe as run: the preset with the probe's and the Hebbian stage's epochs changed as asked. */
    public Preset recipe() {
        Preset recipe = preset;
        if (changes.probeEpochs() != null) {
            recipe = Configs.with(recipe, "probe.epochs", changes.probeEpochs());
        }
        if (changes.hebbianEpochs() != null) {
            recipe = Configs.with(recipe, "unsupervised.epochs", changes.hebbianEpochs());
        }
        return recipe;
    }

    /** The training mode: the one asked for, else the preset's. */
    public TrainingMode mode() {
        return changes.mode() != null ? changes.mode() : preset.unsupervised().mode();
    }

    /** The readout: the one asked for, else the preset's. */
    public Readout readout() {
        return changes.readout() != null ? changes.readout() : preset.readout();
    }

    /** The images the Hebbian blocks learn from: the ones asked for, else the preset's. */
    public HebbianImages hebbianImages() {
        return data.hebbianImages() != null ? data.hebbianImages() : preset.unsupervised().images();
    }

    /** The dataset's name as given, else the preset's. */
    public String dataset() {
        return data.dataset() != null ? data.dataset() : preset.dataset();
    }

    /** Whether the run is scored on held-out training images rather than the test set. */
    public boolean validates() {
        return data.validation() > 0;
    }

    /** What the run is scored on, in words: {@code test} or {@code validation: the last N training images}. */
    public String evaluatedOn() {
        return validates() ? "validation: the last " + data.validation() + " training images" : "test";
    }

    /** A builder; the preset is required. */
    public static Builder builder() {
        return new Builder();
    }

    private static void atLeast(int value, int least, String field, String meaning) {
        if (value < least) {
            throw new IllegalArgumentException(field + " must be at least " + least + meaning + ", got " + value);
        }
    }

    /** {@code SUCCESSIVE} as {@code successive}, as the JSON and the command line write a choice. */
    public static String lower(Enum<?> choice) {
        return choice.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Builder of {@link RunSpec}: {@code setPreset} is required, every {@code optX} has the default its javadoc says. */
    public static final class Builder {
        private Preset preset;
        private long seed;
        private String dataset;
        private int limitTrain;
        private int limitTest;
        private int validation;
        private HebbianImages hebbianImages;
        private int limitHebbian;
        private Integer augmentedCopies;
        private TrainingMode mode;
        private Readout readout;
        private Integer probeEpochs;
        private Integer hebbianEpochs;
        private String device = "cpu";
        private int threads;
        private HebbianConv2d.Algorithm convAlgorithm;
        private MatMul.Kernel matmul;
        private boolean recomputeLowerBlocks;

        private Builder() {}

        /** The recipe (required). */
        public Builder setPreset(Preset preset) {
            this.preset = Objects.requireNonNull(preset, "preset");
            return this;
        }

        /** The seed; default 0. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Another dataset, the preset adapted to it; default the preset's ({@code null}). */
        public Builder optDataset(String dataset) {
            this.dataset = dataset;
            return this;
        }

        /** The first N training images; default 0, every one. */
        public Builder optLimitTrain(int limitTrain) {
            this.limitTrain = limitTrain;
            return this;
        }

        /** The first N test images; default 0, every one. */
        public Builder optLimitTest(int limitTest) {
            this.limitTest = limitTest;
            return this;
        }

        /** Score on the last N training images instead of the test set; default 0, the test set. */
        public Builder optValidation(int validation) {
            this.validation = validation;
            return this;
        }

        /** The images the Hebbian blocks learn from; default the preset's ({@code null}). */
        public Builder optHebbianImages(HebbianImages hebbianImages) {
            this.hebbianImages = hebbianImages;
            return this;
        }

        /** With unlabeled Hebbian images, the first N; default 0, every one. */
        public Builder optLimitHebbian(int limitHebbian) {
            this.limitHebbian = limitHebbian;
            return this;
        }

        /** Augmented copies of each readout image; default the preset's ({@code null}). */
        public Builder optAugmentedCopies(Integer augmentedCopies) {
            this.augmentedCopies = augmentedCopies;
            return this;
        }

        /** The training mode; default the preset's ({@code null}). */
        public Builder optMode(TrainingMode mode) {
            this.mode = mode;
            return this;
        }

        /** The readout; default the preset's ({@code null}). */
        public Builder optReadout(Readout readout) {
            this.readout = readout;
            return this;
        }

        /** The probe's epochs; default the preset's ({@code null}). */
        public Builder optProbeEpochs(Integer probeEpochs) {
            this.probeEpochs = probeEpochs;
            return this;
        }

        /** The Hebbian epochs; default the preset's ({@code null}). */
        public Builder optHebbianEpochs(Integer hebbianEpochs) {
            this.hebbianEpochs = hebbianEpochs;
            return this;
        }

        /** The device; default {@code cpu}. */
        public Builder optDevice(String device) {
            this.device = device;
            return this;
        }

        /** Engine threads; default 0, one per core. */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /** How 3 x 3 conv layers learn; default {@code null}, patches. */
        public Builder optConvAlgorithm(HebbianConv2d.Algorithm convAlgorithm) {
            this.convAlgorithm = convAlgorithm;
            return this;
        }

        /** The learning step's product kernel; default {@code null}, the caller's. */
        public Builder optMatMul(MatMul.Kernel matmul) {
            this.matmul = matmul;
            return this;
        }

        /** Recompute the frozen lower blocks for every batch; default false. */
        public Builder optRecomputeLowerBlocks(boolean recomputeLowerBlocks) {
            this.recomputeLowerBlocks = recomputeLowerBlocks;
            return this;
        }

        /**
         * Checks and builds.
         *
         * @throws IllegalArgumentException naming the value at fault
         * @throws IllegalStateException without a preset
         */
        public RunSpec build() {
            if (preset == null) {
                throw new IllegalStateException("a run needs a preset: call setPreset");
            }
            return new RunSpec(preset, seed, new Data(dataset, limitTrain, limitTest, validation, hebbianImages, limitHebbian,
                    augmentedCopies), new Changes(mode, readout, probeEpochs, hebbianEpochs),
                    new Compute(device, threads, convAlgorithm, matmul, recomputeLowerBlocks));
        }
    }
}
