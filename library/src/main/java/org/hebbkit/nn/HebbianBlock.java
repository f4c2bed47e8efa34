package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;
import java.util.Objects;

/**
 * A SoftHebb block: {@code [input transforms] -> BatchNorm (no affine) -> Hebbian layer -> activation -> pooling},
 * each part but the layer optional. Journé et al. (2023), Fig. 1; the input transforms (e.g. Miconi's
 * per-image standardisation before every layer) are fixed {@link Preprocessing} steps.
 *
 * <p>{@link Phase} says what a forward pass does: learn (batch norm on batch statistics, rule applied),
 * adapt the rule's state without moving the weights (burn-in), only adapt the batch norm (frozen
 * random-weight baselines), or infer (running statistics, no change).
 */
public final class HebbianBlock {

    /** What a forward pass changes. */
    public enum Phase {
        /** Batch norm on batch statistics (running ones updated) and the layer learns. */
        LEARN,
        /**
         * Batch norm on batch statistics; the competition and rule state adapt (thresholds) and winners are
         * counted, weights unchanged (Miconi's burn-in batches).
         */
        ADAPT_STATE,
        /** Batch norm on batch statistics (running ones updated); weights unchanged. */
        ADAPT_NORM,
        /** Running batch-norm statistics; nothing changes. */
        INFER
    }

    private final List<Preprocessing> inputTransforms;
    private final BatchNorm inputNorm;
    private final HebbianLayer layer;
    private final Activation activation;
    private final Pooling pooling;

    /**
     * @param inputNorm batch norm at the input, or {@code null}
     * @param layer the Hebbian layer
     * @param activation the non-linearity after the layer
     * @param pooling pooling after the activation, or {@code null}
     */
    public HebbianBlock(BatchNorm inputNorm, HebbianLayer layer, Activation activation, Pooling pooling) {
        this(List.of(), inputNorm, layer, activation, pooling);
    }

    /**
     * @param inputTransforms fixed transforms of the block's input, in order, before the batch norm
     * @param inputNorm batch norm at the input, or {@code null}
     * @param layer the Hebbian layer
     * @param activation the non-linearity after the layer
     * @param pooling pooling after the activation, or {@code null}
     */
    public HebbianBlock(List<Preprocessing> inputTransforms, BatchNorm inputNorm, HebbianLayer layer,
            Activation activation, Pooling pooling) {
        this.inputTransforms = List.copyOf(inputTransforms);
        this.inputNorm = inputNorm;
        this.layer = Objects.requireNonNull(layer, "layer");
        this.activation = Objects.requireNonNull(activation, "activation");
        this.pooling = pooling;
    }

    /**
     * @param input {@code [B, C, H, W]} (or {@code [B, I]} for a dense layer)
     * @param phase what this pass changes
     * @return the block's output
     */
    public NDArray forward(NDArray input, Phase phase) {
        NDArray x = input;
        for (Preprocessing transform : inputTransforms) {
            x = transform.apply(x);
        }
        x = inputNorm == null ? x : inputNorm.apply(x, phase != Phase.INFER);
        NDArray u = phase == Phase.ADAPT_STATE ? layer.adapt(x) : layer.forward(x, phase == Phase.LEARN);
        NDArray y;
        if (activation instanceof CompetitionOutput) {
            y = layer.competeOutput(u);
        } else if (activation instanceof ThresholdedTriangle triangle) {
            y = triangle.apply(layer, u);
        } else {
            y = activation.apply(u);
        }
        return pooling == null ? y : pooling.apply(y);
    }

    /**
     * A pass for its changes only: what {@link #forward} changes in {@code phase} (batch norm statistics, weights,
     * rule and competition state, winner counts), without the activation and pooling of the output, which a trainer
     * that learns one block at a time (or recomputes the next block's input in inference) never reads. Block 1 of
     * the SoftHebb CIFAR-10 preset learns about a fifth faster this way.
     *
     * @param input {@code [B, C, H, W]} (or {@code [B, I]} for a dense layer)
     * @param phase what this pass changes
     */
    public void learn(NDArray input, Phase phase) {
        if (phase == Phase.INFER) {
            return;
        }
        NDArray x = input;
        for (Preprocessing transform : inputTransforms) {
            x = transform.apply(x);
        }
        x = inputNorm == null ? x : inputNorm.apply(x, true);
        if (phase == Phase.ADAPT_STATE) {
            layer.adapt(x);
        } else if (phase == Phase.LEARN) {
            layer.forward(x, true);
        }
    }

    /**
     * @param input one example's shape without the batch axis
     * @return the block's output shape without the batch axis (after pooling)
     */
    public ai.djl.ndarray.types.Shape outputShape(ai.djl.ndarray.types.Shape input) {
        ai.djl.ndarray.types.Shape shape = input;
        for (Preprocessing transform : inputTransforms) {
            shape = transform.outputShape(shape);
        }
        shape = layer.outputShape(shape);
        if (pooling == null) {
            return shape;
        }
        if (shape.dimension() != 3) {
            throw new IllegalArgumentException("pooling needs [C, H, W] outputs, the layer gives " + shape);
        }
        return new ai.djl.ndarray.types.Shape(shape.get(0), pooling.outputSize((int) shape.get(1)),
                pooling.outputSize((int) shape.get(2)));
    }

    /** The fixed transforms of the block's input, in order (empty when none). */
    public List<Preprocessing> inputTransforms() {
        return inputTransforms;
    }

    /** The batch norm at the input, or {@code null}. */
    public BatchNorm inputNorm() {
        return inputNorm;
    }

    /** The Hebbian layer. */
    public HebbianLayer layer() {
        return layer;
    }

    /** The activation. */
    public Activation activation() {
        return activation;
    }

    /** The pooling, or {@code null}. */
    public Pooling pooling() {
        return pooling;
    }

    /** Every array the block owns: weights, win counts, running statistics. */
    public NDList state() {
        NDList state = new NDList(layer.state());
        if (inputNorm != null) {
            state.add(inputNorm.runningMean());
            state.add(inputNorm.runningVariance());
        }
        return state;
    }
}
