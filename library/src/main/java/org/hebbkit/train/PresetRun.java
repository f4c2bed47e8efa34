package org.hebbkit.train;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hebbkit.engine.MatMul;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.model.LinearReadout;
import org.hebbkit.model.Preset;
import org.hebbkit.model.Preset.Readout;
import org.hebbkit.model.Preset.Training;
import org.hebbkit.model.TrainingMode;

/**
 * A preset end to end, as in the paper: build the network, train its Hebbian blocks without labels,
 * extract features once into a cache, train the readout (linear probe or ridge), test. Presets with
 * training {@code backprop} are trained end to end by {@link BackpropTrainer} instead.
 *
 * <pre>{@code
 * PresetRun.Result result = PresetRun.builder().setPreset(Presets.get("softhebb-mnist-mlp")).optSeed(0)
 *         .optListener(new ProgressBarListener()).build().run(train, test);
 * System.out.println(result.testAccuracy());
 * result.network().close();
 * }</pre>
 */
public final class PresetRun {

    private final Preset preset;
    private final long seed;
    private final Device device;
    private final TrainingMode mode;
    private final Readout readout;
    private final double relativeRidge;
    private final DataType featureStorage;
    private final int extractBatchSize;
    private final List<TrainingListener> listeners;
    private final java.nio.file.Path checkpoints;
    private final boolean keepBlockInputs;
    private final org.hebbkit.nn.HebbianConv2d.Algorithm convAlgorithm;
    /** The learning step's product kernel for this run, or {@code null} for the caller's ({@link MatMul#kernel()}). */
    private final MatMul.Kernel matmul;

    private PresetRun(Builder builder) {
        this.preset = builder.preset;
        this.seed = builder.seed;
        this.device = builder.device;
        this.mode = builder.mode != null ? builder.mode : preset.unsupervised().mode();
        this.readout = builder.readout != null ? builder.readout : preset.readout();
        this.relativeRidge = builder.relativeRidge;
        this.featureStorage = builder.featureStorage;
        this.extractBatchSize = builder.extractBatchSize;
        this.listeners = List.copyOf(builder.listeners);
        this.checkpoints = builder.checkpoints;
        this.keepBlockInputs = builder.keepBlockInputs;
        this.convAlgorithm = builder.convAlgorithm;
        this.matmul = builder.matmul;
    }

    /** A builder; the preset is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the preset, its Hebbian blocks learning from the training images. On failure the network is closed and the
     * exception propagates.
     *
     * @param train training images
     * @param test test images
     */
    public Result run(LabelledImages train, LabelledImages test) {
        return run(train, train, test);
    }

    /**
     * Runs the preset with the Hebbian blocks learning from {@code hebbian} (their labels are not read) and the readout
     * from {@code train}: STL-10's unlabeled split beside its labelled one ({@link Preset.UnsupervisedSpec#data()}), or
     * the training images as they are beside augmented copies of them for the readout
     * ({@link Preset.Augmentation}). When the two differ, successive training does not keep the lower blocks' outputs
     * for the training features (they would be those of the Hebbian images, and 100,000 of them would not fit): the
     * blocks run again for the readout's images. On failure the network is closed and the exception propagates.
     *
     * @param hebbian images the Hebbian blocks (and the fitted preprocessing) learn from; read batch by batch
     * @param train labelled images the readout learns from
     * @param test test images
     */
    public Result run(LabelledImages hebbian, LabelledImages train, LabelledImages test) {
        // the run's kernel is the run's: the caller's thread gets its own choice back afterwards
        try (MatMul.Scope kernel = MatMul.use(matmul != null ? matmul : MatMul.kernel())) {
            return runWithKernel(hebbian, train, test);
        }
    }

    private Result runWithKernel(LabelledImages hebbian, LabelledImages train, LabelledImages test) {
        boolean sameImages = hebbian == train;
        boolean keepBlockInputs = this.keepBlockInputs && sameImages;
        HistoryRecorder history = new HistoryRecorder();
        List<TrainingListener> all = new ArrayList<>(listeners);
        all.add(history);
        Listeners events = new Listeners(all);
        HebbianNetwork network = HebbianNetwork.create(preset, device, seed, convAlgorithm);
        try {
            int classes = classes(train);
            RunCheckpoints saved = checkpoints == null || preset.training() == Training.BACKPROP ? null
                    : new RunCheckpoints(checkpoints, identity(hebbian, train, test));
            RunCheckpoints.Restored restored = saved == null ? null : restore(saved, network);
            if (restored != null) {
                history.restore(restored.historyEpochs(), restored.historyStages());
            }
            if (preset.training() == Training.BACKPROP) {
                UnsupervisedTrainer.fitPreprocessing(network, train, seed, events);
                LinearProbe.ProbeResult result = BackpropTrainer.train(network, train, test, classes, preset.probe(),
                        seed, events);
                LinearReadout trained = result.readout();
                List<LayerMetrics> layers = UnsupervisedTrainer.layerMetrics(network);
                // the last epoch already tested the final network: no second pass over the test set
                double testAccuracy = result.finalTestAccuracy();
                ReadoutScore trainScore = ReadoutScore.of(trained, new ComputedFeatures(network, train),
                        preset.probe().evalBatchSize(), network.manager());
                return new Result(network, trained, testAccuracy, trainScore.accuracy(), layers, history, 0);
            }
            if (restored == null) {
                UnsupervisedTrainer.fitPreprocessing(network, hebbian, seed, events);
            }
            // the last block's inputs, when successive training kept them (the blocks below it then run once)
            BlockInputs kept = null;
            if (preset.training() != Training.UNTRAINED && (restored == null || !restored.probePhase())) {
                UnsupervisedTrainer.Builder trainer = UnsupervisedTrainer.builder()
                        .setBatchSize(preset.unsupervised().batchSize()).optEpochs(preset.unsupervised().epochs())
                        .optBurnInBatches(preset.unsupervised().burnInBatches())
                        .optMode(mode).optFrozenWeights(preset.training() == Training.FROZEN_RANDOM).optShuffleSeed(seed)
                        .optKeepBlockInputs(keepBlockInputs);
                all.forEach(trainer::optListener);
                if (restored != null) {
                    trainer.optResumeFrom(restored.stage(), restored.epochsDone());
                }
                if (saved != null) {
                    trainer.optEpochDone((stage, epochs) -> saved.saveHebbian(network, stage, epochs, history));
                }
                BlockInputs hebbianInputs = trainer.build().fitKeepingInputs(network, hebbian);
                if (sameImages) {
                    kept = hebbianInputs;
                } else if (hebbianInputs != null) {
                    hebbianInputs.close();
                }
            } else if (preset.training() != Training.UNTRAINED && keepBlockInputs && mode == TrainingMode.SUCCESSIVE
                    && network.blocks().size() > 1) {
                // continued in the probe: the training features as the uninterrupted run computed them
                kept = BlockInputs.compute(network, train, network.blocks().size() - 1,
                        FeatureExtractor.DEFAULT_BATCH_SIZE, events);
            }
            List<LayerMetrics> layers = UnsupervisedTrainer.layerMetrics(network);
            // (kept inputs are freed as the features are extracted; on failure, with the network)
            try (Features trainFeatures = kept != null
                        ? FeatureExtractor.extract(network, kept, extractBatchSize, featureStorage, events, "train")
                        : FeatureExtractor.extract(network, train, extractBatchSize, featureStorage, events, "train");
                    Features testFeatures = FeatureExtractor.extract(network, test, extractBatchSize, featureStorage, events, "test")) {
                LinearReadout trained;
                if (readout == Readout.RIDGE) {
                    long start = System.nanoTime();
                    events.stageStarted(new TrainingEvents.StageStarted("ridge", 1, 1, train.size()));
                    trained = RidgeReadout.fit(trainFeatures, classes, relativeRidge, 1000, network.manager());
                    events.stageFinished(new TrainingEvents.StageFinished("ridge", (System.nanoTime() - start) / 1e9, train.size()));
                } else {
                    trained = LinearProbe.train(trainFeatures, testFeatures, classes, preset.probe(), seed,
                            network.manager(), events, restored == null ? null : restored.probe(),
                            saved == null ? null : state -> saved.saveProbe(network, state, history)).readout();
                }
                ReadoutScore testScore = ReadoutScore.of(trained, testFeatures, preset.probe().evalBatchSize(), network.manager());
                ReadoutScore trainScore = ReadoutScore.of(trained, trainFeatures, preset.probe().evalBatchSize(), network.manager());
                return new Result(network, trained, testScore.accuracy(), trainScore.accuracy(), layers, history,
                        trainFeatures.bytes() + testFeatures.bytes());
            }
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** What a saved run must share with this one to be continued by it. */
    private com.google.gson.JsonObject identity(LabelledImages hebbian, LabelledImages train, LabelledImages test) {
        com.google.gson.JsonObject identity = new com.google.gson.JsonObject();
        identity.add("preset", org.hebbkit.model.Configs.toTree(preset));
        identity.addProperty("seed", seed);
        identity.addProperty("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        identity.addProperty("readout", readout.name().toLowerCase(java.util.Locale.ROOT));
        identity.addProperty("train_images", train.size());
        if (hebbian != train) {
            identity.addProperty("hebbian_images", hebbian.size());
        }
        identity.addProperty("test_images", test.size());
        return identity;
    }

    private static RunCheckpoints.Restored restore(RunCheckpoints saved, HebbianNetwork network) {
        try {
            return saved.restore(network);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
    }

    private static int classes(LabelledImages data) {
        int max = 0;
        for (int i = 0; i < data.size(); i++) {
            max = Math.max(max, data.label(i));
        }
        return max + 1;
    }

    /**
     * What a run produced. Close {@code network} when done (it owns the readout too).
     *
     * @param network the trained network
     * @param readout the trained readout
     * @param testAccuracy accuracy on the test images, in [0, 1]
     * @param trainAccuracy accuracy on the training images (no dropout), in [0, 1]
     * @param layers metrics of each Hebbian layer after training
     * @param history every epoch and stage event
     * @param featureCacheBytes native memory the feature caches held
     */
    public record Result(HebbianNetwork network, LinearReadout readout, double testAccuracy, double trainAccuracy,
            List<LayerMetrics> layers, HistoryRecorder history, long featureCacheBytes) {}

    /** Builder of {@link PresetRun}. */
    public static final class Builder {
        private Preset preset;
        private long seed;
        private Device device = Device.cpu();
        private TrainingMode mode;
        private Readout readout;
        private double relativeRidge = 1e-3;
        private DataType featureStorage = DataType.FLOAT16;
        private int extractBatchSize = FeatureExtractor.DEFAULT_BATCH_SIZE;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private java.nio.file.Path checkpoints;
        private boolean keepBlockInputs = true;
        private org.hebbkit.nn.HebbianConv2d.Algorithm convAlgorithm = org.hebbkit.nn.HebbianConv2d.Algorithm.PATCHES;
        private MatMul.Kernel matmul;

        /** The recipe (required). */
        public Builder setPreset(Preset preset) {
            this.preset = preset;
            return this;
        }

        /** The one seed for initialisation, order and dropout; default 0. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Where the network lives; default CPU. */
        public Builder optDevice(Device device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /** Overrides the preset's training mode. */
        public Builder optMode(TrainingMode mode) {
            this.mode = mode;
            return this;
        }

        /** The readout; default the preset's ({@code readout} field: its linear probe unless it says ridge). */
        public Builder optReadout(Readout readout) {
            this.readout = Objects.requireNonNull(readout, "readout");
            return this;
        }

        /** Ridge strength relative to the mean feature variance; default 1e-3. */
        public Builder optRelativeRidge(double relativeRidge) {
            this.relativeRidge = relativeRidge;
            return this;
        }

        /** Element type of the feature cache: FLOAT16 (default, half the memory) or FLOAT32. */
        public Builder optFeatureStorage(DataType featureStorage) {
            this.featureStorage = Objects.requireNonNull(featureStorage, "featureStorage");
            return this;
        }

        /** Images per forward pass when extracting features; default {@link FeatureExtractor#DEFAULT_BATCH_SIZE}. */
        public Builder optExtractBatchSize(int extractBatchSize) {
            this.extractBatchSize = extractBatchSize;
            return this;
        }

        /**
         * Saves the run's progress into {@code directory} after every Hebbian and probe epoch, and, when the
         * directory already holds the progress of this run (killed before it ended), continues from it
         * ({@link RunCheckpoints}). Presets trained by backpropagation are not saved per epoch.
         */
        public Builder optCheckpoints(java.nio.file.Path directory) {
            this.checkpoints = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Successive training computes each frozen lower block's output once and keeps it in float16 for the later
         * stages and the training set's features ({@link UnsupervisedTrainer.Builder#optKeepBlockInputs}); default
         * {@code true}. {@code false} runs the lower blocks again for every batch, in float32 throughout.
         */
        public Builder optKeepBlockInputs(boolean keep) {
            this.keepBlockInputs = keep;
            return this;
        }

        /**
         * How the conv layers' learning step multiplies ({@link HebbianNetwork#create(Preset, Device, long,
         * org.hebbkit.nn.HebbianConv2d.Algorithm)}); default patches. Winograd's algorithm runs 3 x 3 layers faster on
         * the CPU and gives the same weights up to rounding, not bit for bit, so a seed's readout moves a little.
         */
        public Builder optConvAlgorithm(org.hebbkit.nn.HebbianConv2d.Algorithm algorithm) {
            this.convAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /**
         * The kernel of the learning step's matrix products for this run ({@link MatMul}); default: the calling
         * thread's ({@code -Dhebbkit.matmul}, else auto). {@link MatMul.Kernel#ENGINE} gives HebbKit's floats from before
         * {@link MatMul}, bit for bit; the others agree to rounding.
         */
        public Builder optMatMul(MatMul.Kernel kernel) {
            this.matmul = Objects.requireNonNull(kernel, "kernel");
            return this;
        }

        /** Adds a listener. */
        public Builder optListener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Checks and builds. */
        public PresetRun build() {
            Objects.requireNonNull(preset, "preset: call setPreset");
            if (extractBatchSize < 1) {
                throw new IllegalArgumentException("extractBatchSize must be at least 1, got " + extractBatchSize);
            }
            return new PresetRun(this);
        }
    }
}
