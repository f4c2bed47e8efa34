package org.hebbkit.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hebbkit.nn.Activation;
import org.hebbkit.nn.BatchNorm;
import org.hebbkit.nn.ChannelSoftmax;
import org.hebbkit.nn.ConvGeometry;
import org.hebbkit.nn.HebbianBlock;
import org.hebbkit.nn.HebbianConv2d;
import org.hebbkit.nn.HebbianLayer;
import org.hebbkit.nn.HebbianLinear;
import org.hebbkit.nn.Identity;
import org.hebbkit.nn.Padding;
import org.hebbkit.nn.Pooling;
import org.hebbkit.nn.Relu;
import org.hebbkit.nn.Triangle;
import org.hebbkit.nn.WeightInit;
import org.hebbkit.rule.AdaptiveLearningRate;
import org.hebbkit.rule.Competition;
import org.hebbkit.rule.HardWinnerTakeAll;
import org.hebbkit.rule.SoftKrotov;
import org.hebbkit.rule.SoftWinnerTakeAll;

/**
 * A stack of Hebbian blocks built from a {@link Preset}, living on one device. Every array of the
 * network (weights, running statistics, win counts) belongs to the network's manager.
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
    private final List<HebbianBlock> blocks;

    private HebbianNetwork(Preset preset, long seed, NDManager manager, List<HebbianBlock> blocks) {
        this.preset = preset;
        this.seed = seed;
        this.manager = manager;
        this.blocks = List.copyOf(blocks);
    }

    /**
     * Builds the preset's blocks with freshly initialised weights.
     *
     * @param preset the recipe
     * @param device where every array lives
     * @param seed seeds each block's weight initialisation (block b gets the b-th draw of a SplittableRandom)
     */
    public static HebbianNetwork create(Preset preset, Device device, long seed) {
        NDManager manager = NDManager.newBaseManager(device);
        try {
            SplittableRandom seeds = new SplittableRandom(seed);
            List<HebbianBlock> blocks = new ArrayList<>();
            Shape shape = new Shape(preset.input().get(0), preset.input().get(1), preset.input().get(2));
            for (BlockSpec spec : preset.blocks()) {
                HebbianBlock block = block(manager, spec, shape, seeds.nextLong());
                blocks.add(block);
                shape = outputShape(spec, shape);
            }
            return new HebbianNetwork(preset, seed, manager, blocks);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static HebbianBlock block(NDManager manager, BlockSpec spec, Shape input, long seed) {
        int inChannels = (int) input.get(0);
        HebbianLayer layer;
        Competition competition = competition(spec);
        AdaptiveLearningRate rate = new AdaptiveLearningRate(spec.learningRate(), spec.learningRatePower());
        WeightInit init = new WeightInit(WeightInit.Kind.valueOf(spec.init().kind().toUpperCase(java.util.Locale.ROOT)),
                spec.init().radius());
        if (spec.layer().equals("conv")) {
            Padding mode = Padding.valueOf(spec.paddingMode().toUpperCase(java.util.Locale.ROOT));
            layer = HebbianConv2d.builder()
                    .setGeometry(new ConvGeometry(inChannels, spec.outChannels(), spec.kernel(), spec.stride(),
                            spec.padding(), mode, spec.dilation(), spec.groups()))
                    .setCompetition(competition).setLearningRate(rate).optPreTriangle(spec.preTriangle())
                    .optInit(init).build(manager, seed);
        } else if (spec.layer().equals("linear")) {
            layer = HebbianLinear.builder().setInputs((int) input.size()).setNeurons(spec.outChannels())
                    .setCompetition(competition).setLearningRate(rate).optPreTriangle(spec.preTriangle())
                    .optInit(init).build(manager, seed);
        } else {
            throw new IllegalArgumentException("block layer must be 'conv' or 'linear', got '" + spec.layer() + "'");
        }
        BatchNorm norm = spec.batchNorm() ? new BatchNorm(manager, inChannels) : null;
        return new HebbianBlock(norm, layer, activation(spec.activation()), pooling(spec.pooling()));
    }

    private static Competition competition(BlockSpec spec) {
        return switch (spec.competition()) {
            case "soft" -> new SoftWinnerTakeAll(spec.temperatureInverse());
            case "soft-krotov" -> new SoftKrotov(spec.temperatureInverse());
            case "hard" -> new HardWinnerTakeAll();
            default -> throw new IllegalArgumentException("competition must be soft, soft-krotov or hard, got '"
                    + spec.competition() + "'");
        };
    }

    private static Activation activation(BlockSpec.ActivationSpec spec) {
        return switch (spec.type()) {
            case "triangle" -> new Triangle(spec.power());
            case "softmax" -> new ChannelSoftmax(spec.temperatureInverse());
            case "identity" -> new Identity();
            case "relu" -> new Relu();
            default -> throw new IllegalArgumentException("activation must be triangle, softmax, relu or identity, got '"
                    + spec.type() + "'");
        };
    }

    private static Pooling pooling(BlockSpec.PoolingSpec spec) {
        if (spec == null) {
            return null;
        }
        Pooling.Kind kind = switch (spec.kind()) {
            case "max" -> Pooling.Kind.MAX;
            case "avg" -> Pooling.Kind.AVG;
            default -> throw new IllegalArgumentException("pooling kind must be max or avg, got '" + spec.kind() + "'");
        };
        return new Pooling(kind, spec.kernel(), spec.stride(), spec.padding());
    }

    /** Output shape of a block, without the batch axis. */
    static Shape outputShape(BlockSpec spec, Shape input) {
        if (spec.layer().equals("linear")) {
            return new Shape(spec.outChannels());
        }
        ConvGeometry g = new ConvGeometry((int) input.get(0), spec.outChannels(), spec.kernel(), spec.stride(),
                spec.padding(), Padding.ZEROS, spec.dilation(), spec.groups());
        int height = g.outputSize((int) input.get(1));
        int width = g.outputSize((int) input.get(2));
        if (spec.pooling() != null) {
            Pooling pool = pooling(spec.pooling());
            height = pool.outputSize(height);
            width = pool.outputSize(width);
        }
        return new Shape(spec.outChannels(), height, width);
    }

    /** The shape of the last block's output, without the batch axis. */
    public Shape featureShape() {
        Shape shape = new Shape(preset.input().get(0), preset.input().get(1), preset.input().get(2));
        for (BlockSpec spec : preset.blocks()) {
            shape = outputShape(spec, shape);
        }
        return shape;
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
        for (HebbianBlock block : blocks) {
            for (NDArray array : block.state()) {
                if (array.getManager() != scope) {
                    scope.tempAttachAll(array);
                }
            }
        }
    }

    /**
     * Runs blocks {@code [0, count)} in inference mode.
     *
     * @param images {@code [B, C, H, W]}
     */
    public NDArray forward(NDArray images, int count) {
        NDArray x = images;
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

    /** The blocks, input first. */
    public List<HebbianBlock> blocks() {
        return blocks;
    }

    /** The recipe this network was built from. */
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

    /** The named arrays that define the network's state, for checkpoints: {@code block0.weight}, ... */
    public NDList namedState() {
        NDList state = new NDList();
        for (int b = 0; b < blocks.size(); b++) {
            HebbianBlock block = blocks.get(b);
            state.add(named(block.layer().weight(), "block" + b + ".weight"));
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
