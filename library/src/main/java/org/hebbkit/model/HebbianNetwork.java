package org.hebbkit.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hebbkit.nn.BatchNorm;
import org.hebbkit.nn.ConvGeometry;
import org.hebbkit.nn.FittedPreprocessing;
import org.hebbkit.nn.HebbianBlock;
import org.hebbkit.nn.HebbianConv2d;
import org.hebbkit.nn.HebbianLayer;
import org.hebbkit.nn.HebbianLinear;
import org.hebbkit.nn.Preprocessing;
import org.hebbkit.nn.WinogradTiles;

/**
 * A stack of Hebbian blocks on one device: built from a {@link Preset} (or any list of {@link BlockSpec}s)
 * or from blocks made by hand ({@link #of}). Every array of the network (weights, running statistics,
 * rule state, win counts) belongs to the network's manager. Trainers, feature extraction, probes and
 * metrics take any network; checkpoints need one built from specs, since they record the recipe.
 *
 * <pre>{@code
 * try (HebbianNetwork net = HebbianNetwork.create(Presets.get("softhebb-cifar10-3layer"), Device.cpu(), 0)) {
 *     try (NDManager scope = net.newScope()) {
 *         NDArray features = net.features(scope.create(...));   // [B, 24576]
 *     }
 * }
 * }</pre>
 *
 * Call order: create; per batch, open {@link #newScope()}, run blocks, close the scope; close the network.
 */
public final class HebbianNetwork implements AutoCloseable {

    private final Preset preset;
    private final long seed;
    private final NDManager manager;
    private final Shape inputShape;
    private final List<Preprocessing> preprocessing;
    private final List<HebbianBlock> blocks;
    /** The fitted parameters of each preprocessing step ({@code null} for fixed steps). */
    private final List<NDArray> preprocessingState;
    private boolean preprocessingFitted;

    private HebbianNetwork(Preset preset, long seed, NDManager manager, Shape inputShape, List<Preprocessing> preprocessing,
            List<HebbianBlock> blocks) {
        this.preset = preset;
        this.seed = seed;
        this.manager = manager;
        this.inputShape = inputShape;
        this.preprocessing = List.copyOf(preprocessing);
        this.blocks = List.copyOf(blocks);
        this.preprocessingState = new ArrayList<>();
        Shape stepInput = inputShape;
        for (int i = 0; i < this.preprocessing.size(); i++) {
            Preprocessing step = this.preprocessing.get(i);
            if (step instanceof FittedPreprocessing fitted) {
                NDArray state = manager.zeros(fitted.stateShape(stepInput));
                state.setName("preprocessing" + i + "." + fitted.stateName());
                preprocessingState.add(state);
            } else {
                preprocessingState.add(null);
            }
            stepInput = step.outputShape(stepInput);
        }
        preprocessingFitted = preprocessingState.stream().allMatch(java.util.Objects::isNull);
        Shape shape = preprocessedShape(inputShape, this.preprocessing);
        for (int b = 0; b < this.blocks.size(); b++) {
            try {
                shape = this.blocks.get(b).outputShape(shape);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("block " + (b + 1) + " cannot take its input: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Builds the preset's blocks with freshly initialised weights.
     *
     * @param preset the recipe
     * @param device where every array lives
     * @param seed seeds each block's weight initialisation (block b gets the b-th draw of a SplittableRandom)
     * @throws IllegalArgumentException naming the block whose input does not fit
     */
    public static HebbianNetwork create(Preset preset, Device device, long seed) {
        return create(preset, device, seed, HebbianConv2d.Algorithm.PATCHES);
    }

    /**
     * {@link #create(Preset, Device, long)} with the algorithm of the conv layers' learning step given.
     *
     * @param algorithm how each conv layer's learning step multiplies (the other overload: patches); a layer Winograd's
     *     algorithm does not fit uses patches whatever this says
     */
    public static HebbianNetwork create(Preset preset, Device device, long seed, HebbianConv2d.Algorithm algorithm) {
        NDManager manager = NDManager.newBaseManager(device);
        try {
            SplittableRandom seeds = new SplittableRandom(seed);
            List<HebbianBlock> blocks = new ArrayList<>();
            Shape input = new Shape(preset.input().get(0), preset.input().get(1), preset.input().get(2));
            Shape shape = preprocessedShape(input, preset.preprocessing());
            for (int b = 0; b < preset.blocks().size(); b++) {
                HebbianBlock block;
                try {
                    block = block(manager, preset.blocks().get(b), shape, seeds.nextLong(), algorithm);
                    shape = block.outputShape(shape);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("preset " + preset.name() + ", block " + (b + 1) + " (input "
                            + shape + "): " + e.getMessage(), e);
                }
                blocks.add(block);
            }
            return new HebbianNetwork(preset, seed, manager, input, preset.preprocessing(), blocks);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A network of blocks built by hand (with any layers, rules and competitions). Such a network trains,
     * extracts features and reports metrics like any other; {@link #preset()} is {@code null}, so
     * {@link Checkpoint} cannot record its recipe.
     *
     * @param manager owns the blocks' arrays; the network closes it
     * @param inputShape one example's shape, e.g. {@code [1, 28, 28]}
     * @param blocks input first
     * @throws IllegalArgumentException naming the block whose input does not fit
     */
    public static HebbianNetwork of(NDManager manager, Shape inputShape, List<HebbianBlock> blocks) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("blocks must hold at least one block");
        }
        return new HebbianNetwork(null, 0, manager, inputShape, List.of(), blocks);
    }

    private static Shape preprocessedShape(Shape input, List<Preprocessing> steps) {
        Shape shape = input;
        for (Preprocessing step : steps) {
            shape = step.outputShape(shape);
        }
        return shape;
    }

    /**
     * The preset's fixed input transforms (unit length, grayscale, ...), in order; the identity when there are none.
     * {@link #forward} and {@link #features} apply them; trainers call this before the first block.
     *
     * @param images {@code [B, C, H, W]} as the dataset gives them
     */
    public NDArray preprocess(NDArray images) {
        if (!preprocessingFitted) {
            throw new IllegalStateException("the preprocessing of this network has fitted steps (" + fittedSteps()
                    + ") that are not fitted yet: call fitPreprocessing(sample) first (UnsupervisedTrainer.fit and"
                    + " PresetRun do it on the training images)");
        }
        NDArray x = images;
        for (int i = 0; i < preprocessing.size(); i++) {
            Preprocessing step = preprocessing.get(i);
            x = step instanceof FittedPreprocessing fitted ? fitted.apply(x, preprocessingState.get(i)) : step.apply(x);
        }
        return x;
    }

    private String fittedSteps() {
        List<String> names = new ArrayList<>();
        for (Preprocessing step : preprocessing) {
            if (step instanceof FittedPreprocessing) {
                names.add(step.getClass().getSimpleName());
            }
        }
        return String.join(", ", names);
    }

    /**
     * Whether every preprocessing step can run: true when none needs fitting ({@link FittedPreprocessing}), or
     * after {@link #fitPreprocessing} or a checkpoint restored them.
     */
    public boolean isPreprocessingFitted() {
        return preprocessingFitted;
    }

    /**
     * The number of training images the fitted preprocessing steps read (the largest of their
     * {@link FittedPreprocessing#fitImages()}), 0 when no step needs fitting.
     */
    public int preprocessingFitImages() {
        int images = 0;
        for (Preprocessing step : preprocessing) {
            if (step instanceof FittedPreprocessing fitted) {
                images = Math.max(images, fitted.fitImages());
            }
        }
        return images;
    }

    /**
     * Fits the preprocessing steps that need it, in order, each on the sample as the steps before it left
     * it; a no-op when nothing needs fitting. Each step reads at most its own
     * {@link FittedPreprocessing#fitImages()} images of the sample.
     *
     * @param sample training images {@code [n, C, H, W]} as the dataset gives them (a shuffled subset), on a
     *     scope the caller closes (the intermediates land on the sample's manager)
     */
    public void fitPreprocessing(NDArray sample) {
        NDArray x = sample;
        for (int i = 0; i < preprocessing.size(); i++) {
            Preprocessing step = preprocessing.get(i);
            if (step instanceof FittedPreprocessing fitted) {
                long n = Math.min(fitted.fitImages(), x.getShape().get(0));
                preprocessingState.get(i).set(fitted.fit(x.get(new ai.djl.ndarray.index.NDIndex("0:{}", n))).toFloatArray());
                x = fitted.apply(x, preprocessingState.get(i));
            } else {
                x = step.apply(x);
            }
        }
        preprocessingFitted = true;
    }

    /** After a checkpoint or a run's saved state has set the fitted arrays of {@link #namedState()}. */
    public void markPreprocessingFitted() {
        preprocessingFitted = true;
    }

    /**
     * Builds one block from its spec.
     *
     * @param manager owns the arrays
     * @param spec the block
     * @param blockInput the block's input shape without the batch axis
     * @param seed seeds the weight initialisation
     */
    public static HebbianBlock block(NDManager manager, BlockSpec spec, Shape blockInput, long seed) {
        return block(manager, spec, blockInput, seed, HebbianConv2d.Algorithm.PATCHES);
    }

    /**
     * {@link #block(NDManager, BlockSpec, Shape, long)} with the algorithm of a conv layer's learning step given (a
     * dense block ignores it; a conv layer that Winograd's algorithm does not fit uses patches); the other overload
     * uses {@link HebbianConv2d.Algorithm#PATCHES}.
     *
     * @param algorithm how a conv layer's learning step multiplies
     */
    public static HebbianBlock block(NDManager manager, BlockSpec spec, Shape blockInput, long seed,
            HebbianConv2d.Algorithm algorithm) {
        Shape input = blockInput;
        for (Preprocessing step : spec.preprocessing()) {
            input = step.outputShape(input);
        }
        int inChannels = (int) input.get(0);
        HebbianLayer layer;
        if (spec.isConv()) {
            if (input.dimension() != 3) {
                throw new IllegalArgumentException("a conv block needs image inputs [C, H, W], got " + input);
            }
            ConvSpec conv = spec.conv();
            ConvGeometry geometry = new ConvGeometry(inChannels, spec.outChannels(), conv.kernel(), conv.stride(),
                    conv.padding(), conv.paddingMode(), conv.dilation(), conv.groups());
            HebbianConv2d.Algorithm fitting = algorithm == HebbianConv2d.Algorithm.WINOGRAD && !WinogradTiles.fits(geometry)
                    ? HebbianConv2d.Algorithm.PATCHES : algorithm;
            layer = configure(HebbianConv2d.builder().setGeometry(geometry).optAlgorithm(fitting), spec).build(manager, seed);
        } else {
            layer = configure(HebbianLinear.builder().setInputs(Math.toIntExact(input.size())).setNeurons(spec.outChannels()),
                    spec).build(manager, seed);
        }
        BatchNorm norm = spec.batchNorm() ? new BatchNorm(manager, inChannels) : null;
        return new HebbianBlock(spec.preprocessing(), norm, layer, spec.activation(), spec.pooling());
    }

    private static <T extends HebbianLayer.BaseBuilder<T>> T configure(T builder, BlockSpec spec) {
        return builder.setCompetition(spec.competition()).setLearningRate(spec.learningRate()).optRule(spec.rule())
                .optResponse(spec.response()).optNormaliseUpdate(spec.normaliseUpdate())
                .optRenormalise(spec.renormalise()).optPreTriangle(spec.preTriangle()).optInit(spec.init())
                .optMask(spec.mask());
    }

    /** The shape of the last block's output, without the batch axis. */
    public Shape featureShape() {
        Shape shape = preprocessedShape(inputShape, preprocessing);
        for (HebbianBlock block : blocks) {
            shape = block.outputShape(shape);
        }
        return shape;
    }

    /**
     * The features a preset's network gives per image, {@code [C, H, W]} or {@code [N]}, from its specification alone
     * (no weights are made: a 5-layer ImageNet preset's would take 1.4 GB). Per conv block
     * {@code out = floor((in + 2 padding - dilation (kernel - 1) - 1) / stride) + 1}, then the pooling's
     * {@code floor((in + 2 padding - kernel) / stride) + 1}; a linear block gives its {@code outChannels}.
     */
    public static Shape featureShape(Preset preset) {
        Shape shape = preprocessedShape(new Shape(preset.input().get(0), preset.input().get(1), preset.input().get(2)),
                preset.preprocessing());
        for (BlockSpec spec : preset.blocks()) {
            shape = preprocessedShape(shape, spec.preprocessing());
            if (spec.conv() == null) {
                shape = new Shape(spec.outChannels());
                continue;
            }
            ConvSpec conv = spec.conv();
            long height = (shape.get(1) + 2L * conv.padding() - (long) conv.dilation() * (conv.kernel() - 1) - 1)
                    / conv.stride() + 1;
            long width = (shape.get(2) + 2L * conv.padding() - (long) conv.dilation() * (conv.kernel() - 1) - 1)
                    / conv.stride() + 1;
            if (spec.pooling() != null) {
                height = spec.pooling().outputSize((int) height);
                width = spec.pooling().outputSize((int) width);
            }
            shape = new Shape(spec.outChannels(), height, width);
        }
        return shape;
    }

    /** The shape the first block takes: {@link #inputShape()} after the preprocessing (grayscale gives 1 channel). */
    public Shape blockInputShape() {
        return preprocessedShape(inputShape, preprocessing);
    }

    /** One example's input shape, e.g. {@code [3, 32, 32]}. */
    public Shape inputShape() {
        return inputShape;
    }

    /** Number of features the readout sees: the size of {@link #featureShape()}. */
    public int featureCount() {
        return Math.toIntExact(featureShape().size());
    }

    /**
     * A sub-manager for one batch: every array the network owns is attached to it for the batch's
     * duration, so intermediates land here and are freed when it closes; the network's arrays go back.
     */
    public NDManager newScope() {
        NDManager scope = manager.newSubManager();
        attachTo(scope);
        return scope;
    }

    /**
     * Temporarily attaches the network's arrays to {@code scope} (they return when it closes). Arrays
     * already attached to it are skipped: attaching one twice would hand it to the closing scope.
     */
    public void attachTo(NDManager scope) {
        for (NDArray state : preprocessingState) {
            if (state != null && state.getManager() != scope) {
                scope.tempAttachAll(state);
            }
        }
        for (HebbianBlock block : blocks) {
            for (NDArray array : block.state()) {
                if (array.getManager() != scope) {
                    scope.tempAttachAll(array);
                }
            }
        }
    }

    /**
     * Preprocesses the images, then runs blocks {@code [0, count)} in inference mode.
     *
     * @param images {@code [B, C, H, W]} as the dataset gives them
     */
    public NDArray forward(NDArray images, int count) {
        NDArray x = preprocess(images);
        for (int b = 0; b < count; b++) {
            x = blocks.get(b).forward(x, HebbianBlock.Phase.INFER);
        }
        return x;
    }

    /**
     * All blocks in inference mode, flattened.
     *
     * @param images {@code [B, C, H, W]}
     * @return {@code [B, featureCount()]}
     */
    public NDArray features(NDArray images) {
        NDArray x = forward(images, blocks.size());
        return x.reshape(x.getShape().get(0), -1);
    }

    /**
     * Blocks {@code [from, size)} in inference mode on what block {@code from} takes in (the output of the blocks
     * below it, computed earlier and kept), flattened: the same as {@link #features} on the images.
     *
     * @param blockInputs {@code [B, C, H, W]}, the input of block {@code from}
     * @param from 0-based block, at most the number of blocks (then the inputs are only flattened)
     * @return {@code [B, featureCount()]}
     */
    public NDArray featuresFrom(NDArray blockInputs, int from) {
        if (from < 0 || from > blocks.size()) {
            throw new IllegalArgumentException("from must be from 0 to " + blocks.size() + ", got " + from);
        }
        NDArray x = blockInputs;
        for (int b = from; b < blocks.size(); b++) {
            x = blocks.get(b).forward(x, HebbianBlock.Phase.INFER);
        }
        return x.reshape(x.getShape().get(0), -1);
    }

    /** The blocks, input first. */
    public List<HebbianBlock> blocks() {
        return blocks;
    }

    /** The recipe this network was built from, or {@code null} for a network of hand-built blocks. */
    public Preset preset() {
        return preset;
    }

    /** The seed of the weight initialisation. */
    public long seed() {
        return seed;
    }

    /** Where the network's arrays live. */
    public Device device() {
        return manager.getDevice();
    }

    /** The manager owning the network's arrays (create long-lived companions, such as a readout, here). */
    public NDManager manager() {
        return manager;
    }

    /**
     * The named arrays that define the network's state, for checkpoints: {@code block0.weight},
     * {@code block0.rule.threshold} (rule and competition state), {@code block0.norm.running_mean}, ..., and first
     * the fitted preprocessing ({@code preprocessing0.zca}).
     */
    public NDList namedState() {
        NDList state = new NDList();
        for (NDArray fitted : preprocessingState) {
            if (fitted != null) {
                state.add(fitted);
            }
        }
        for (int b = 0; b < blocks.size(); b++) {
            HebbianBlock block = blocks.get(b);
            for (java.util.Map.Entry<String, NDArray> entry : block.layer().namedState().entrySet()) {
                state.add(named(entry.getValue(), "block" + b + "." + entry.getKey()));
            }
            if (block.inputNorm() != null) {
                state.add(named(block.inputNorm().runningMean(), "block" + b + ".norm.running_mean"));
                state.add(named(block.inputNorm().runningVariance(), "block" + b + ".norm.running_var"));
            }
        }
        return state;
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }

    @Override
    public void close() {
        manager.close();
    }
}
