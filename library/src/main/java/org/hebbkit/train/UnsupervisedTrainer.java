package org.hebbkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.model.TrainingMode;
import org.hebbkit.nn.HebbianBlock;
import org.hebbkit.rule.TrainingProgress;

/**
 * Trains the Hebbian blocks of a network without labels, in one of the {@link TrainingMode}s. Each epoch
 * visits the images in a new order drawn from the shuffle seed (as SoftHebb's random sampler does), or
 * in their stored order when no seed is set.
 * Each batch runs in its own scope ({@link HebbianNetwork#newScope()}), so memory stays flat.
 *
 * <pre>{@code
 * UnsupervisedTrainer.builder().setBatchSize(10).optMode(TrainingMode.SUCCESSIVE)
 *         .optListener(new ProgressBarListener()).build()
 *         .fit(network, trainImages);
 * }</pre>
 */
public final class UnsupervisedTrainer {

    private final TrainingMode mode;
    private final int batchSize;
    private final int epochs;
    private final boolean frozenWeights;
    private final int burnInBatches;
    private final Long shuffleSeed;
    private final TrainingListener listener;
    private final int resumeStage;
    private final int resumeEpochs;
    private final EpochDone epochDone;
    private final boolean keepBlockInputs;

    /**
     * Called after every epoch of every stage, once its events are sent: where a run saves its progress
     * ({@link RunCheckpoints}).
     */
    @FunctionalInterface
    public interface EpochDone {
        /**
         * @param stage 0-based stage (a block in successive mode, else the one stage)
         * @param epochs epochs of that stage done
         */
        void epochDone(int stage, int epochs);
    }

    private UnsupervisedTrainer(Builder builder) {
        this.mode = builder.mode;
        this.batchSize = builder.batchSize;
        this.epochs = builder.epochs;
        this.frozenWeights = builder.frozenWeights;
        this.burnInBatches = builder.burnInBatches;
        this.shuffleSeed = builder.shuffleSeed;
        this.listener = new Listeners(builder.listeners);
        this.resumeStage = builder.resumeStage;
        this.resumeEpochs = builder.resumeEpochs;
        this.epochDone = builder.epochDone;
        this.keepBlockInputs = builder.keepBlockInputs;
    }

    /** A builder; the batch size is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains every block.
     *
     * @param network the network, changed in place
     * @param data training images (labels are not read)
     */
    public void fit(HebbianNetwork network, LabelledImages data) {
        BlockInputs kept = fitKeepingInputs(network, data);
        if (kept != null) {
            kept.close();
        }
    }

    /**
     * Trains every block, and hands over the last block's inputs when they were kept (successive mode with
     * {@link Builder#optKeepBlockInputs}, more than one block): {@link FeatureExtractor#extract(HebbianNetwork,
     * BlockInputs, int, ai.djl.ndarray.types.DataType, TrainingListener, String)} then runs the last block alone over the training
     * images.
     *
     * @param network the network, changed in place
     * @param data training images (labels are kept with the inputs)
     * @return the last block's inputs for every image, the caller's to close; {@code null} when none were kept
     */
    public BlockInputs fitKeepingInputs(HebbianNetwork network, LabelledImages data) {
        if (!network.isPreprocessingFitted()) {
            fitPreprocessing(network, data, shuffleSeed == null ? 0 : shuffleSeed, listener);
        }
        int blocks = network.blocks().size();
        if (mode != TrainingMode.SUCCESSIVE) {
            if (resumeStage == 0) {
                runStage(network, data, "hebbian all blocks (" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")",
                        -1, 0, null);
            }
            return null;
        }
        BlockInputs inputs = null;
        try {
            for (int b = resumeStage; b < blocks; b++) {
                if (keepBlockInputs && b > 0) {
                    // the blocks below b are frozen from here on: their output for every image is computed once
                    inputs = inputs == null ? BlockInputs.compute(network, data, b, FeatureExtractor.DEFAULT_BATCH_SIZE,
                            listener) : inputs.next(network, FeatureExtractor.DEFAULT_BATCH_SIZE, listener);
                }
                runStage(network, data, "hebbian block " + (b + 1) + "/" + blocks, b, b, inputs);
            }
            return inputs;
        } catch (RuntimeException e) {
            if (inputs != null) {
                inputs.close();
            }
            throw e;
        }
    }

    /**
     * Fits the network's fitted preprocessing steps (ZCA whitening) on a shuffled sample of the training images,
     * as many as the steps read ({@link HebbianNetwork#preprocessingFitImages()}); a no-op when none needs it.
     *
     * @param network the network, changed in place
     * @param data training images (labels are not read)
     * @param seed draws the sample
     * @param listener hears the stage {@code fit preprocessing}; may be {@code null}
     */
    public static void fitPreprocessing(HebbianNetwork network, LabelledImages data, long seed,
            TrainingListener listener) {
        int images = Math.min(network.preprocessingFitImages(), data.size());
        if (images == 0) {
            return;
        }
        TrainingListener events = listener == null ? new TrainingListener() {} : listener;
        String stage = "fit preprocessing";
        events.stageStarted(new TrainingEvents.StageStarted(stage, 1, 1, images));
        long start = System.nanoTime();
        int[] sample = MiniBatches.shuffled(data.size(), images, new java.util.SplittableRandom(seed)).batch(0);
        try (NDManager scope = network.newScope()) {
            network.fitPreprocessing(data.images(scope, sample));
        }
        events.stageFinished(new TrainingEvents.StageFinished(stage, seconds(start), images));
    }

    private void runStage(HebbianNetwork network, LabelledImages data, String stage, int onlyBlock, int stageIndex,
            BlockInputs inputs) {
        long batches = (data.size() + batchSize - 1) / batchSize;
        int firstEpoch = stageIndex == resumeStage ? resumeEpochs + 1 : 1;
        if (firstEpoch > epochs) {
            return;
        }
        listener.stageStarted(new TrainingEvents.StageStarted(stage, epochs, batches, data.size()));
        long start = System.nanoTime();
        HebbianBlock.Phase phase = frozenWeights ? HebbianBlock.Phase.ADAPT_NORM : HebbianBlock.Phase.LEARN;
        java.util.SplittableRandom random = shuffleSeed == null ? null : new java.util.SplittableRandom(shuffleSeed);
        // a resumed stage draws the orders of the epochs already done, so that the next ones are those of an
        // uninterrupted run
        for (int done = 1; done < firstEpoch && random != null; done++) {
            MiniBatches.permutation(data.size(), random);
        }
        for (int epoch = firstEpoch; epoch <= epochs; epoch++) {
            float[][] lastGood = phase == HebbianBlock.Phase.LEARN ? snapshot(network) : null;
            // only the blocks that learn in this stage start new winner statistics; the others keep theirs
            for (int b = 0; b < network.blocks().size(); b++) {
                if (onlyBlock < 0 || b == onlyBlock) {
                    network.blocks().get(b).layer().resetWinStatistics();
                }
            }
            MiniBatches epochBatches = random == null ? MiniBatches.inOrder(data.size(), batchSize)
                    : MiniBatches.shuffled(data.size(), batchSize, random);
            for (long batch = 0; batch < batches; batch++) {
                TrainingProgress progress = new TrainingProgress(epoch - 1, epochs,
                        ((epoch - 1) * (double) batches + batch) / ((double) epochs * batches));
                for (int b = 0; b < network.blocks().size(); b++) {
                    if (onlyBlock < 0 || b == onlyBlock) {
                        network.blocks().get(b).layer().setProgress(progress);
                    }
                }
                // Miconi's burn-in: the first batches of a stage only move the thresholds, not the weights
                boolean burnIn = phase == HebbianBlock.Phase.LEARN
                        && (epoch - 1) * batches + batch < burnInBatches;
                try (NDManager scope = network.newScope()) {
                    HebbianBlock.Phase batchPhase = burnIn ? HebbianBlock.Phase.ADAPT_STATE : phase;
                    if (inputs != null) {
                        network.blocks().get(onlyBlock).learn(inputs.rows(scope, epochBatches.batch(batch)), batchPhase);
                    } else {
                        step(network, data.images(scope, epochBatches.batch(batch)), onlyBlock, batchPhase);
                    }
                }
                if (lastGood != null && !burnIn) {
                    checkFinite(network, onlyBlock, stage, epoch, batch + 1, batch + 1 == batches, lastGood);
                }
                listener.batchFinished(new TrainingEvents.BatchFinished(stage, epoch, batch + 1, batches,
                        epochBatches.doneAfter(batch), seconds(start)));
            }
            listener.epochFinished(new TrainingEvents.EpochFinished(stage, epoch, Map.of("seconds", seconds(start)),
                    layerMetrics(network)));
            if (epochDone != null) {
                epochDone.epochDone(stageIndex, epoch);
            }
        }
        listener.stageFinished(new TrainingEvents.StageFinished(stage, seconds(start), (long) epochs * data.size()));
    }

    private void step(HebbianNetwork network, NDArray images, int onlyBlock, HebbianBlock.Phase phase) {
        List<HebbianBlock> blocks = network.blocks();
        if (onlyBlock >= 0) {
            blocks.get(onlyBlock).learn(network.forward(images, onlyBlock), phase);
            return;
        }
        NDArray x = network.preprocess(images);
        for (int b = 0; b < blocks.size(); b++) {
            HebbianBlock block = blocks.get(b);
            if (b + 1 == blocks.size()) {
                block.learn(x, phase);
            } else if (mode == TrainingMode.SIMULTANEOUS) {
                x = block.forward(x, phase);
            } else {
                block.learn(x, phase);
                x = block.forward(x, HebbianBlock.Phase.INFER);
            }
        }
    }

    /** Weights summed per check and batch, at most: larger layers are checked every few batches. */
    private static final long CHECKED_WEIGHTS_PER_BATCH = 1 << 20;

    /**
     * Stops training when a learning layer's weights are no longer finite: the network gets back its state from the
     * start of the epoch ({@code lastGood}) and a {@link TrainingDiverged} names the layer, epoch and batch. One sum
     * per check ({@code sum} is NaN or infinite as soon as one weight is): every batch for layers of up to 2^20
     * weights, every {@code ceil(weights / 2^20)} batches for larger ones (SoftHebb's 5.3 M-weight third layer: every
     * 6th batch, where a sum takes about 3 ms against about 130 ms for its step), and at every epoch's last batch.
     */
    private static void checkFinite(HebbianNetwork network, int onlyBlock, String stage, int epoch, long batch,
            boolean lastOfEpoch, float[][] lastGood) {
        for (int b = 0; b < network.blocks().size(); b++) {
            if (onlyBlock >= 0 && b != onlyBlock) {
                continue;
            }
            NDArray weight = network.blocks().get(b).layer().weight();
            long every = (weight.size() + CHECKED_WEIGHTS_PER_BATCH - 1) / CHECKED_WEIGHTS_PER_BATCH;
            if (!lastOfEpoch && batch % every != 0) {
                continue;
            }
            float sum;
            try (NDManager scope = network.newScope()) {
                sum = weight.sum().getFloat();
            }
            if (!Float.isFinite(sum)) {
                restore(network, lastGood);
                String rate = network.preset().blocks().size() > b
                        ? " (the preset's blocks[" + b + "].learningRate: "
                                + org.hebbkit.model.Configs.toTree(network.preset().blocks().get(b).learningRate()) + ")"
                        : "";
                String seen = every > 1 ? " (this layer is checked every " + every + " batches)" : "";
                throw new TrainingDiverged(stage, "layer " + (b + 1) + "'s weights" + seen, epoch, batch,
                        "the learning rate is too high for this layer" + rate + ", or the update is not normalised"
                                + " (normaliseUpdate false) for a rule without a decay term; lower the rate, e.g. by ten.",
                        "The network holds its state from the start of epoch " + epoch + " again.");
            }
        }
    }

    /** Copies of the network's state arrays ({@link HebbianNetwork#namedState()}). */
    private static float[][] snapshot(HebbianNetwork network) {
        ai.djl.ndarray.NDList state = network.namedState();
        float[][] copies = new float[state.size()][];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = state.get(i).toFloatArray();
        }
        return copies;
    }

    private static void restore(HebbianNetwork network, float[][] copies) {
        ai.djl.ndarray.NDList state = network.namedState();
        for (int i = 0; i < copies.length; i++) {
            state.get(i).set(copies[i]);
        }
    }

    /** Metrics of every layer of a network, measured now. */
    public static List<LayerMetrics> layerMetrics(HebbianNetwork network) {
        List<LayerMetrics> metrics = new ArrayList<>();
        try (NDManager scope = network.newScope()) {
            for (int b = 0; b < network.blocks().size(); b++) {
                metrics.add(LayerMetrics.of(b, network.blocks().get(b).layer(), scope));
            }
        }
        return metrics;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Builder of {@link UnsupervisedTrainer}. */
    public static final class Builder {
        private TrainingMode mode = TrainingMode.SUCCESSIVE;
        private int batchSize;
        private int epochs = 1;
        private boolean frozenWeights;
        private int burnInBatches;
        private Long shuffleSeed;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private int resumeStage;
        private int resumeEpochs;
        private EpochDone epochDone;
        private boolean keepBlockInputs;

        /**
         * In successive mode, compute each frozen lower block's output for every image once and keep it in float16
         * ({@link BlockInputs}) instead of running the lower blocks again for every batch of every later stage;
         * {@link #fitKeepingInputs} hands the last block's inputs on to feature extraction. Default {@code false}.
         * Costs one set of inputs in memory (SoftHebb's CIFAR-10 3-layer preset: 2.46 GB); the inputs are rounded to
         * float16 (at most 2^-11 relative), so the learnt weights differ slightly from a run without it.
         */
        public Builder optKeepBlockInputs(boolean keep) {
            this.keepBlockInputs = keep;
            return this;
        }

        /**
         * Continues a run whose network holds the state after {@code epochs} epochs of 0-based {@code stage}
         * (restored by {@link RunCheckpoints}): earlier stages are skipped, and that stage starts at epoch
         * {@code epochs + 1} with the image orders an uninterrupted run would draw.
         */
        public Builder optResumeFrom(int stage, int epochs) {
            if (stage < 0 || epochs < 0) {
                throw new IllegalArgumentException("resume stage and epochs must be at least 0, got " + stage + ", " + epochs);
            }
            this.resumeStage = stage;
            this.resumeEpochs = epochs;
            return this;
        }

        /** Called after every epoch (e.g. to save the run's progress). */
        public Builder optEpochDone(EpochDone epochDone) {
            this.epochDone = epochDone;
            return this;
        }

        /** Shuffle every epoch with this seed (each block's stage draws its own orders); default: stored order. */
        public Builder optShuffleSeed(long seed) {
            this.shuffleSeed = seed;
            return this;
        }

        /** Images per Hebbian update (required; SoftHebb's CIFAR presets use 10). */
        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** The training mode; default {@link TrainingMode#SUCCESSIVE}. */
        public Builder optMode(TrainingMode mode) {
            this.mode = java.util.Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Epochs per block (successive) or in all; default 1. */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Keep the weights at their initialisation and adapt only the batch norms (random-weight baseline). */
        public Builder optFrozenWeights(boolean frozenWeights) {
            this.frozenWeights = frozenWeights;
            return this;
        }

        /**
         * The first {@code batches} batches of each stage adapt the rule and competition state (thresholds) without
         * moving the weights; default 0. Miconi's full network: 200.
         */
        public Builder optBurnInBatches(int batches) {
            if (batches < 0) {
                throw new IllegalArgumentException("burnInBatches must be at least 0, got " + batches);
            }
            this.burnInBatches = batches;
            return this;
        }

        /** Adds a listener. */
        public Builder optListener(TrainingListener listener) {
            listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Checks the settings and builds. */
        public UnsupervisedTrainer build() {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
            return new UnsupervisedTrainer(this);
        }
    }

}
