package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import org.hebbkit.rule.AdaptiveLearningRate;
import org.hebbkit.rule.Competition;
import org.hebbkit.rule.LearningRule;
import org.hebbkit.rule.SoftHebbRule;

/**
 * A layer whose weights are state changed by a local learning rule, not by gradients.
 *
 * <p>Each call of {@link #forward(NDArray, boolean)} turns the input into patches {@code x [I, N]},
 * computes the pre-activation {@code u = W x} ({@code [O, N]}, per group), optionally the
 * "pre-triangle" {@code u <- Triangle(1)(u)}, and, when learning:
 * <pre>
 *   y  = competition(u)                                  [O, N]
 *   dW = rule.delta(W, x, u, y)                          [O, I]
 *   dW = dW / max|dW|                 (if normaliseUpdate)
 *   W  = W + lr_i * dW                lr_i from the adaptive learning rate of neuron i
 * </pre>
 * The output is computed with the weights before the update. Winner counts (how often each neuron has
 * the largest {@code u}) are accumulated for metrics until {@link #resetWinStatistics()}.
 *
 * <p>Call order: build; then {@code forward} per batch inside a scope that holds this layer's arrays
 * ({@link org.hebbkit.model.HebbianNetwork#newScope()}); read metrics; reset win statistics per epoch.
 */
public abstract class HebbianLayer {

    private static final float TINY = 1e-30f;

    private final NDArray weight;
    private final NDArray wins;
    private final int neurons;
    private final int groups;
    private final LearningRule rule;
    private final Competition competition;
    private final AdaptiveLearningRate learningRate;
    private final boolean normaliseUpdate;
    private final boolean preTriangle;
    private long columnsSeen;

    protected HebbianLayer(NDManager manager, Shape weightShape, int groups, BaseBuilder<?> builder, long seed) {
        this.neurons = (int) weightShape.get(0);
        this.groups = groups;
        this.rule = builder.rule;
        this.competition = Objects.requireNonNull(builder.competition, "competition: call setCompetition");
        this.learningRate = Objects.requireNonNull(builder.learningRate, "learningRate: call setLearningRate");
        this.normaliseUpdate = builder.normaliseUpdate;
        this.preTriangle = builder.preTriangle;
        this.weight = builder.init.sample(manager, weightShape, new java.util.SplittableRandom(seed));
        this.weight.setName("weight");
        this.wins = manager.zeros(new Shape(neurons));
    }

    /** Turns an input batch into patches. */
    protected abstract Patches patches(NDArray input);

    /**
     * The pre-activation in the output layout without learning, by the engine's own operator (a native
     * convolution is faster than patches when no update needs them); equal to the learning path's.
     */
    protected abstract NDArray infer(NDArray input);

    /** Turns the pre-activation {@code [O, N]} back into the layer's output layout. */
    protected abstract NDArray output(Patches patches, NDArray pre);

    /**
     * @param input {@code [B, ...]} as the layer expects
     * @param learn whether to apply the learning rule to this batch
     * @return the output (before the update), {@code [B, O, H', W']} or {@code [B, O]}
     */
    public final NDArray forward(NDArray input, boolean learn) {
        if (!learn) {
            NDArray pre = infer(input);
            return preTriangle ? new Triangle(1).along(pre, 1) : pre;
        }
        Patches patches = patches(input);
        NDArray matrix = weightMatrix();
        NDArray pre = respond(matrix, patches.matrix());
        if (preTriangle) {
            pre = new Triangle(1).along(pre, 0);
        }
        learn(matrix, patches.matrix(), pre);
        return output(patches, pre);
    }

    private NDArray respond(NDArray matrix, NDArray input) {
        if (groups == 1) {
            return matrix.matMul(input);
        }
        NDList parts = new NDList(groups);
        for (int g = 0; g < groups; g++) {
            parts.add(groupRows(matrix, g).matMul(groupRows(input, g)));
        }
        return ai.djl.ndarray.NDArrays.concat(parts, 0);
    }

    private void learn(NDArray matrix, NDArray input, NDArray pre) {
        NDArray winners = Competition.winners(pre);
        NDArray post = competition.compete(pre, winners);
        NDArray delta;
        if (groups == 1) {
            delta = rule.delta(matrix, input, pre, post);
        } else {
            NDList parts = new NDList(groups);
            for (int g = 0; g < groups; g++) {
                parts.add(rule.delta(groupRows(matrix, g), groupRows(input, g), groupRows(pre, g), groupRows(post, g)));
            }
            delta = ai.djl.ndarray.NDArrays.concat(parts, 0);
        }
        NDArray rates = learningRate.perNeuron(matrix);
        if (normaliseUpdate) {
            // max|dW| as max(max dW, -min dW), folded into the [O, 1] rates: no |dW| copy, no division of dW
            NDArray largest = delta.max().maximum(delta.min().neg()).add(TINY);
            rates = rates.div(largest);
        }
        weight.addi(delta.muli(rates).reshape(weight.getShape()));
        wins.addi(winners.sum(new int[] {1}));
        columnsSeen += pre.getShape().get(1);
    }

    /** Rows of {@code array} that belong to group {@code group}: the g-th of {@code groups} equal slices. */
    private NDArray groupRows(NDArray array, int group) {
        long rows = array.getShape().get(0) / groups;
        return array.get(new NDIndex("{}:{}", group * rows, (group + 1) * rows));
    }

    /** The weights as a matrix {@code [O, I]} (a view for contiguous weights). */
    public final NDArray weightMatrix() {
        return weight.reshape(neurons, -1);
    }

    /** The weights in their natural shape; changed in place by learning. */
    public final NDArray weight() {
        return weight;
    }

    /** Replaces the weights' values (e.g. from a checkpoint); the shape must match. */
    public final void setWeight(NDArray values) {
        if (!values.getShape().equals(weight.getShape())) {
            throw new IllegalArgumentException("weight shape " + values.getShape() + " does not match the layer's "
                    + weight.getShape());
        }
        weight.set(values.toType(weight.getDataType(), false).toFloatArray());
    }

    /** Number of neurons {@code O}. */
    public final int neurons() {
        return neurons;
    }

    /** The learning rule. */
    public final LearningRule rule() {
        return rule;
    }

    /** The competition. */
    public final Competition competition() {
        return competition;
    }

    /** The adaptive learning rate. */
    public final AdaptiveLearningRate learningRate() {
        return learningRate;
    }

    /** Times each neuron won since the last reset, {@code [O]}. */
    public final NDArray wins() {
        return wins;
    }

    /** Columns (image positions) seen since the last reset. */
    public final long columnsSeen() {
        return columnsSeen;
    }

    /** Starts a new period of winner statistics (e.g. an epoch). */
    public final void resetWinStatistics() {
        wins.muli(0);
        columnsSeen = 0;
    }

    /** The arrays this layer owns, for scopes and checkpoints. */
    public NDList state() {
        return new NDList(weight, wins);
    }

    /**
     * Settings shared by every Hebbian layer: {@code setX} for what is required, {@code optX} for what has a default.
     *
     * @param <T> the concrete builder
     */
    public abstract static class BaseBuilder<T extends BaseBuilder<T>> {
        private LearningRule rule = new SoftHebbRule();
        private Competition competition;
        private AdaptiveLearningRate learningRate;
        private boolean normaliseUpdate = true;
        private boolean preTriangle;
        private WeightInit init = new WeightInit(WeightInit.Kind.NORMAL, 25);

        protected abstract T self();

        /** The competition producing the post-synaptic activity (required). */
        public T setCompetition(Competition competition) {
            this.competition = competition;
            return self();
        }

        /** The per-neuron adaptive learning rate (required). */
        public T setLearningRate(AdaptiveLearningRate learningRate) {
            this.learningRate = learningRate;
            return self();
        }

        /** The learning rule; default {@link SoftHebbRule}. */
        public T optRule(LearningRule rule) {
            this.rule = Objects.requireNonNull(rule, "rule");
            return self();
        }

        /** Whether each update is divided by its largest absolute entry; default true (SoftHebb). */
        public T optNormaliseUpdate(boolean normaliseUpdate) {
            this.normaliseUpdate = normaliseUpdate;
            return self();
        }

        /** Whether {@code Triangle(1)} is applied to the pre-activation before competing; default false. */
        public T optPreTriangle(boolean preTriangle) {
            this.preTriangle = preTriangle;
            return self();
        }

        /** The weight initialisation; default {@code NORMAL} with radius 25 (a batch norm precedes the layer). */
        public T optInit(WeightInit init) {
            this.init = Objects.requireNonNull(init, "init");
            return self();
        }
    }
}
