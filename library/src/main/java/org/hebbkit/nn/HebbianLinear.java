package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A fully connected layer learnt by a Hebbian rule, without bias: weights {@code [O, I]}, input
 * {@code [B, I]} (or any {@code [B, ...]}, flattened), output {@code [B, O]}. See {@link HebbianLayer}
 * for the update. SoftHebb's MNIST MLP is one such layer of 2,000 neurons.
 *
 * <pre>{@code
 * HebbianLinear layer = HebbianLinear.builder().setInputs(784).setNeurons(2000)
 *         .setCompetition(new SoftWinnerTakeAll(12)).setLearningRate(new AdaptiveLearningRate(0.045, 0.2))
 *         .optInit(new WeightInit(WeightInit.Kind.UNIFORM, 35)).build(manager, seed);
 * }</pre>
 */
public final class HebbianLinear extends HebbianLayer {

    private final int inputs;

    private HebbianLinear(NDManager manager, Builder builder, long seed) {
        super(manager, new Shape(builder.neurons, builder.inputs), 1, builder, seed);
        this.inputs = builder.inputs;
    }

    /** A builder; inputs, neurons, competition and learning rate are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Input features {@code I}. */
    public int inputs() {
        return inputs;
    }

    @Override
    protected Patches patches(NDArray input) {
        long batch = input.getShape().get(0);
        if (input.getShape().size() / batch != inputs) {
            throw new IllegalArgumentException("input must have " + inputs + " features per example, got shape "
                    + input.getShape());
        }
        return Patches.ofDense(input.reshape(batch, inputs));
    }

    @Override
    protected NDArray infer(NDArray input) {
        return linearResponse(input, weight());
    }

    @Override
    protected NDArray linearResponse(NDArray input, NDArray weights) {
        return patches(input).matrix().transpose().matMul(weights.transpose());
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.size() != inputs) {
            throw new IllegalArgumentException("a linear layer with " + inputs + " inputs cannot take inputs of shape "
                    + input + " (" + input.size() + " features)");
        }
        return new Shape(neurons());
    }

    @Override
    protected NDArray output(BatchInput batch, NDArray pre) {
        return pre.transpose();
    }

    /** Builder of {@link HebbianLinear}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private int inputs;
        private int neurons;

        @Override
        protected Builder self() {
            return this;
        }

        /** Input features (required). */
        public Builder setInputs(int inputs) {
            this.inputs = inputs;
            return this;
        }

        /** Neurons (required). */
        public Builder setNeurons(int neurons) {
            this.neurons = neurons;
            return this;
        }

        /**
         * @param manager owns the weights
         * @param seed seeds the weight initialisation
         */
        public HebbianLinear build(NDManager manager, long seed) {
            if (inputs < 1 || neurons < 1) {
                throw new IllegalArgumentException("inputs and neurons must be at least 1, got " + inputs + " and " + neurons);
            }
            return new HebbianLinear(manager, this, seed);
        }
    }
}
