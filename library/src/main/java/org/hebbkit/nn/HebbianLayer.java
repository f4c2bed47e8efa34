package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hebbkit.rule.Competition;
import org.hebbkit.rule.LearningRateSchedule;
import org.hebbkit.rule.LearningRule;
import org.hebbkit.rule.LinearResponse;
import org.hebbkit.rule.Response;
import org.hebbkit.rule.RuleState;
import org.hebbkit.rule.SoftHebbRule;
import org.hebbkit.rule.StateVariable;
import org.hebbkit.rule.TrainingProgress;

/**
 * A layer whose weights are state changed by a local learning rule, not by gradients.
 *
 * <p>Each call of {@link #forward(NDArray, boolean)} turns the input into patches {@code x [I, N]},
 * computes the response {@code u = f(W) x} ({@code [O, N]}, per group; {@code f} from the {@link Response},
 * the identity by default), optionally the "pre-triangle" {@code u <- Triangle(1)(u)}, and, when learning:
 * <pre>
 *   y  = competition(u)                                  [O, N]
 *   dW = rule.delta(W, x, u, y)                          [O, I]
 *   dW = dW / max|dW|                 (if normaliseUpdate)
 *   W  = W + lr_i * dW                lr_i from the learning-rate schedule, per neuron i
 *   W  = W * mask                     (if a fixed mask is set: only the kept weights exist)
 *   w_i = w_i / ||w_i||_p             (if renormalise; p from the response)
 *   rule and competition state moved (thresholds, ...)
 * </pre>
 * The output is the plain {@code W x} (pre-triangled if so configured), computed with the weights before the
 * update; {@code u} differs from it only for a non-linear response, where it drives the competition and rule. Winner counts (how often each neuron has
 * the largest {@code u}) are accumulated for metrics until {@link #resetWinStatistics()}. The running
 * state that the rule and the competition declare ({@link StateVariable}) is created here, {@code [O, 1]}
 * per variable, and is part of {@link #state()} and {@link #namedState()}.
 *
 * <p>Call order: build; then {@code forward} per batch inside a scope that holds this layer's arrays
 * ({@link org.hebbkit.model.HebbianNetwork#newScope()}), with {@link #setProgress} when a schedule
 * depends on the epoch; read metrics; reset win statistics per epoch.
 */
public abstract class HebbianLayer {

    private static final float TINY = 1e-30f;

    private final NDArray weight;
    private final NDArray mask;
    private final NDArray wins;
    private final int neurons;
    private final int groups;
    private final LearningRule rule;
    private final Competition competition;
    private final Response response;
    private final LearningRateSchedule learningRate;
    private final boolean normaliseUpdate;
    private final boolean renormalise;
    private final boolean preTriangle;
    private final RuleState ruleState;
    private final RuleState competitionState;
    private TrainingProgress progress = TrainingProgress.START;
    private long columnsSeen;

    protected HebbianLayer(NDManager manager, Shape weightShape, int groups, BaseBuilder<?> builder, long seed) {
        this.neurons = (int) weightShape.get(0);
        this.groups = groups;
        this.rule = builder.rule;
        this.competition = Objects.requireNonNull(builder.competition, "competition: call setCompetition");
        this.learningRate = Objects.requireNonNull(builder.learningRate, "learningRate: call setLearningRate");
        this.response = builder.response;
        this.normaliseUpdate = builder.normaliseUpdate;
        this.renormalise = builder.renormalise;
        this.preTriangle = builder.preTriangle;
        competition.checkNeurons(neurons);
        this.weight = builder.init.sample(manager, weightShape, new java.util.SplittableRandom(seed));
        this.weight.setName("weight");
        if (builder.mask == null) {
            this.mask = null;
        } else {
            // a stream of its own, so that a mask leaves the initial weights' draws as they are
            this.mask = builder.mask.sample(manager, weightShape, new java.util.SplittableRandom(seed).split());
            this.mask.setName("mask");
            weight.muli(mask);
            if (renormalise) {
                weight.divi(lebesgueNorm(weightMatrix()).add(TINY).reshape(normShape()));
            }
        }
        this.wins = manager.zeros(new Shape(neurons));
        this.ruleState = newState(manager, rule.stateVariables(), "rule");
        this.competitionState = newState(manager, competition.stateVariables(), "competition");
    }

    private RuleState newState(NDManager manager, List<StateVariable> variables, String owner) {
        if (variables.isEmpty()) {
            return RuleState.NONE;
        }
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (StateVariable variable : variables) {
            NDArray array = manager.full(new Shape(neurons, 1), variable.initialValue());
            array.setName(owner + "." + variable.name());
            if (arrays.put(variable.name(), array) != null) {
                throw new IllegalArgumentException(owner + " declares the state variable '" + variable.name() + "' twice");
            }
        }
        return new RuleState(arrays);
    }

    /** Turns an input batch into patches. */
    protected abstract Patches patches(NDArray input);

    /**
     * The input batch in the form the learning step multiplies; {@link #patches} unless the layer has a faster
     * form for its geometry ({@link WinogradTiles}). Only patches are cut into groups.
     */
    protected BatchInput learningInput(NDArray input) {
        return patches(input);
    }

    /**
     * The pre-activation in the output layout without learning, by the engine's own operator (a native
     * convolution is faster than patches when no update needs them); equal to the learning path's.
     */
    protected abstract NDArray infer(NDArray input);

    /** Turns the pre-activation {@code [O, N]} back into the layer's output layout. */
    protected abstract NDArray output(BatchInput batch, NDArray pre);

    /**
     * @param input one example's shape without the batch axis ({@code [C, H, W]}, or any shape for a dense layer)
     * @return the output's shape without the batch axis
     * @throws IllegalArgumentException if the layer cannot take that input
     */
    public abstract Shape outputShape(Shape input);

    /**
     * @param input {@code [B, ...]} as the layer expects
     * @param learn whether to apply the learning rule to this batch
     * @return the output (before the update), {@code [B, O, H', W']} or {@code [B, O]}
     */
    public final NDArray forward(NDArray input, boolean learn) {
        return run(input, learn, true);
    }

    /**
     * A learning pass that leaves the weights as they are: the competition and the rule see the batch and move
     * their state (thresholds, ...), and winner statistics count it. Miconi's burn-in batches.
     *
     * @param input {@code [B, ...]} as the layer expects
     * @return the output, as {@link #forward}
     */
    public final NDArray adapt(NDArray input) {
        return run(input, true, false);
    }

    private NDArray run(NDArray input, boolean learn, boolean moveWeights) {
        if (!learn) {
            NDArray pre = infer(input);
            return preTriangle ? new Triangle(1).along(pre, 1) : pre;
        }
        BatchInput batch = learningInput(input);
        NDArray matrix = weightMatrix();
        NDArray linear = respond(matrix, batch);
        if (preTriangle) {
            linear = new Triangle(1).along(linear, 0);
        }
        // the output is always the plain W x (Krotov and Hopfield classify from it); a response u only drives learning
        NDArray pre = response instanceof LinearResponse ? linear : learningResponse(matrix, batch);
        learn(matrix, batch, pre, moveWeights);
        return output(batch, linear);
    }

    private NDArray respond(NDArray matrix, BatchInput batch) {
        if (groups == 1) {
            return batch.respond(matrix);
        }
        NDArray input = ((Patches) batch).matrix();
        NDList parts = new NDList(groups);
        for (int g = 0; g < groups; g++) {
            parts.add(org.hebbkit.engine.MatMul.product(groupRows(matrix, g), groupRows(input, g)));
        }
        return ai.djl.ndarray.NDArrays.concat(parts, 0);
    }

    private void learn(NDArray matrix, BatchInput input, NDArray pre, boolean moveWeights) {
        NDArray winners = Competition.winners(pre);
        NDArray post = competition.compete(pre, winners, competitionState);
        if (moveWeights) {
            move(matrix, input, pre, post);
        }
        rule.updateState(pre, post, ruleState);
        competition.updateState(pre, post, competitionState);
        wins.addi(winners.sum(new int[] {1}));
        columnsSeen += pre.getShape().get(1);
    }

    private void move(NDArray matrix, BatchInput input, NDArray pre, NDArray post) {
        NDArray delta = ruleDelta(matrix, input, pre, post);
        NDArray rates = learningRate.perNeuron(matrix, progress);
        if (normaliseUpdate) {
            // max|dW| as max(max dW, -min dW), folded into the [O, 1] rates: no |dW| copy, no division of dW
            NDArray largest = delta.max().maximum(delta.min().neg()).add(TINY);
            rates = rates.div(largest);
        }
        weight.addi(delta.muli(rates).reshape(weight.getShape()));
        if (mask != null) {
            weight.muli(mask);
        }
        if (renormalise) {
            NDArray updated = weightMatrix();
            weight.divi(lebesgueNorm(updated).add(TINY).reshape(normShape()));
        }
    }

    /**
     * The rule's {@code dW [O, I]} for one batch, group by group: {@link LearningRule#delta} on patches; from the
     * rule's terms ({@code a x^T - s W}, the definition {@code delta} follows) on other forms of the input.
     */
    private NDArray ruleDelta(NDArray matrix, BatchInput batch, NDArray pre, NDArray post) {
        if (!(batch instanceof Patches patches)) {
            org.hebbkit.rule.HebbianTerms terms = rule.terms(pre, post, ruleState);
            NDArray change = batch.correlate(terms.modulation());
            return terms.decay() == null ? change : change.subi(matrix.mul(terms.decay()));
        }
        NDArray input = patches.matrix();
        if (groups == 1) {
            return rule.delta(matrix, input, pre, post, ruleState);
        }
        NDList parts = new NDList(groups);
        for (int g = 0; g < groups; g++) {
            parts.add(rule.delta(groupRows(matrix, g), groupRows(input, g), groupRows(pre, g), groupRows(post, g),
                    groupState(g)));
        }
        return ai.djl.ndarray.NDArrays.concat(parts, 0);
    }

    /** The response {@code u [O, N]} and the activity {@code y [O, N]} for a batch, nothing changed. */
    private NDArray[] responseAndActivity(NDArray matrix, BatchInput patches) {
        NDArray pre = learningResponse(matrix, patches);
        return new NDArray[] {pre, competition.compete(pre, Competition.winners(pre), competitionState)};
    }

    /** {@code u = f(W) x}, {@code [O, N]}, pre-triangled if so configured: what the competition and rule see. */
    private NDArray learningResponse(NDArray matrix, BatchInput batch) {
        NDArray pre = respond(response.effectiveWeight(matrix), batch);
        return preTriangle ? new Triangle(1).along(pre, 0) : pre;
    }

    /**
     * The competition applied to an output of this layer, as {@link CompetitionOutput} passes it on: the
     * channels (axis 1) compete at each position with the competition's current state; nothing changes.
     *
     * @param output {@code [B, O, H, W]} or {@code [B, O]}
     * @return {@code y}, same shape
     */
    public final NDArray competeOutput(NDArray output) {
        return byColumns(output, columns -> competition.compete(columns, Competition.winners(columns), competitionState));
    }

    /**
     * What the neurons compete on, for an output of this layer: {@code u - theta} with the competition's
     * current thresholds ({@link Competition#drive}), {@code u} for competitions without; nothing changes.
     * {@link ThresholdedTriangle} passes up a triangle of it.
     *
     * @param output {@code [B, O, H, W]} or {@code [B, O]}
     * @return same shape
     */
    public final NDArray driveOutput(NDArray output) {
        return byColumns(output, columns -> competition.drive(columns, competitionState));
    }

    /** Applies {@code f} to the output as columns {@code [O, N]} (neurons on axis 0) and restores the layout. */
    private NDArray byColumns(NDArray output, java.util.function.UnaryOperator<NDArray> f) {
        Shape shape = output.getShape();
        int[] order = new int[shape.dimension()];
        order[0] = 1;
        order[1] = 0;
        for (int axis = 2; axis < order.length; axis++) {
            order[axis] = axis;
        }
        NDArray y = f.apply(output.transpose(order).reshape(neurons, -1));
        long[] swapped = shape.getShape().clone();
        swapped[0] = shape.get(1);
        swapped[1] = shape.get(0);
        return y.reshape(new Shape(swapped)).transpose(order);
    }

    /**
     * The rule's raw weight change for a batch, before update normalisation and learning rates, without
     * changing anything (weights, state and statistics stay as they are).
     *
     * @param input {@code [B, ...]} as the layer expects
     * @return {@code dW} in the weights' natural shape
     */
    public final NDArray delta(NDArray input) {
        Patches patches = patches(input);
        NDArray matrix = weightMatrix().stopGradient();
        NDArray[] activity = responseAndActivity(matrix, patches);
        return ruleDelta(matrix, patches, activity[0], activity[1]).reshape(weight.getShape());
    }

    /**
     * The rule as a loss (Miconi 2021, "Hebbian learning with gradients"): a scalar whose gradient with
     * respect to {@link #weight()} is exactly minus {@link #delta(NDArray)}, so any gradient optimiser
     * applies the Hebbian update. With the rule's terms {@code a [O, N]} and {@code s [O, 1]}
     * ({@link org.hebbkit.rule.HebbianTerms}) computed from the current weights and held constant:
     * <pre>
     *   L = - sum_{i,n} a[i, n] (W x)[i, n] + 1/2 sum_i s[i] ||w_i||^2
     * </pre>
     * where {@code W x} is the plain linear response (the layer's convolution, with its stride, padding,
     * dilation and groups), whatever the layer's {@link Response}.
     *
     * <pre>{@code
     * layer.weight().setRequiresGradient(true);
     * try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
     *     collector.backward(layer.surrogateLoss(x));
     * }
     * NDArray minusDelta = layer.weight().getGradient();
     * }</pre>
     *
     * @param input {@code [B, ...]} as the layer expects
     * @return a scalar
     */
    public final NDArray surrogateLoss(NDArray input) {
        Patches patches = patches(input);
        NDArray matrix = weightMatrix().stopGradient();
        NDArray[] activity = responseAndActivity(matrix, patches);
        NDArray modulation;
        NDArray decay;
        if (groups == 1) {
            org.hebbkit.rule.HebbianTerms terms = rule.terms(activity[0], activity[1], ruleState);
            modulation = terms.modulation();
            decay = terms.decay();
        } else {
            NDList modulations = new NDList(groups);
            NDList decays = new NDList(groups);
            for (int g = 0; g < groups; g++) {
                org.hebbkit.rule.HebbianTerms terms = rule.terms(groupRows(activity[0], g), groupRows(activity[1], g),
                        groupState(g));
                modulations.add(terms.modulation());
                if (terms.decay() != null) {
                    decays.add(terms.decay());
                }
            }
            modulation = ai.djl.ndarray.NDArrays.concat(modulations, 0);
            decay = decays.isEmpty() ? null : ai.djl.ndarray.NDArrays.concat(decays, 0);
        }
        NDArray linear = linearResponse(input, weight);
        NDArray loss = output(patches, modulation.stopGradient()).mul(linear).sum().neg();
        if (decay != null) {
            NDArray squares = weight.reshape(neurons, -1).square().sum(new int[] {1}, true);
            loss = loss.add(squares.mul(decay.stopGradient()).sum().mul(0.5));
        }
        return loss;
    }

    /**
     * {@code W x} in the output layout with the engine's differentiable operator (no patches), for the
     * surrogate loss.
     *
     * @param input {@code [B, ...]}
     * @param weights the weights in their natural shape (may require a gradient)
     */
    protected abstract NDArray linearResponse(NDArray input, NDArray weights);

    /** {@code (sum_j |w_ij|^p)^(1/p)} per neuron, {@code [O, 1]}, with {@code p} from the response. */
    private NDArray lebesgueNorm(NDArray matrix) {
        double p = response.lebesguePower();
        if (p == 2) {
            return matrix.norm(new int[] {1}, true);
        }
        return matrix.abs().pow(p).sum(new int[] {1}, true).pow(1 / p);
    }

    private Shape normShape() {
        long[] dims = new long[weight.getShape().dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = neurons;
        return new Shape(dims);
    }

    /** The rule's state rows of one group (read by the rule; state updates run on the whole arrays). */
    private RuleState groupState(int group) {
        if (ruleState.arrays().isEmpty()) {
            return ruleState;
        }
        Map<String, NDArray> rows = new LinkedHashMap<>();
        ruleState.arrays().forEach((name, array) -> rows.put(name, groupRows(array, group)));
        return new RuleState(rows);
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

    /** The learning-rate schedule. */
    public final LearningRateSchedule learningRate() {
        return learningRate;
    }

    /** How the response {@code u} is computed from the weights and the input. */
    public final Response response() {
        return response;
    }

    /** The fixed 0/1 mask of the weights ({@link WeightMask}), in their shape, or {@code null} when all learn. */
    public final NDArray mask() {
        return mask;
    }

    /** Whether each update is divided by its largest absolute entry. */
    public final boolean normalisesUpdate() {
        return normaliseUpdate;
    }

    /** Whether each neuron's weights are rescaled to norm 1 (the response's {@code p}) after every update. */
    public final boolean renormalises() {
        return renormalise;
    }

    /** The learning rule's running state (empty for rules without state). */
    public final RuleState ruleState() {
        return ruleState;
    }

    /** The competition's running state (empty for competitions without state). */
    public final RuleState competitionState() {
        return competitionState;
    }

    /** Where the layer is in its training, for schedules; set by the trainer before each batch. */
    public final void setProgress(TrainingProgress progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** The progress last set. */
    public final TrainingProgress progress() {
        return progress;
    }

    /**
     * The arrays that define this layer's learnt state, by name: {@code weight}, then {@code rule.NAME}
     * and {@code competition.NAME} for each declared state variable (checkpoints prefix them with the block).
     */
    public final Map<String, NDArray> namedState() {
        Map<String, NDArray> named = new LinkedHashMap<>();
        named.put("weight", weight);
        if (mask != null) {
            named.put("mask", mask);
        }
        ruleState.arrays().forEach((name, array) -> named.put("rule." + name, array));
        competitionState.arrays().forEach((name, array) -> named.put("competition." + name, array));
        return named;
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
        NDList state = new NDList(weight, wins);
        if (mask != null) {
            state.add(mask);
        }
        state.addAll(ruleState.arrays().values());
        state.addAll(competitionState.arrays().values());
        return state;
    }

    /**
     * Settings shared by every Hebbian layer: {@code setX} for what is required, {@code optX} for what has a default.
     *
     * @param <T> the concrete builder
     */
    public abstract static class BaseBuilder<T extends BaseBuilder<T>> {
        private LearningRule rule = new SoftHebbRule();
        private Competition competition;
        private LearningRateSchedule learningRate;
        private Response response = new LinearResponse();
        private boolean normaliseUpdate = true;
        private boolean renormalise;
        private boolean preTriangle;
        private WeightInit init = new WeightInit(WeightInit.Kind.NORMAL, 25);
        private WeightMask mask;

        protected abstract T self();

        /**
         * A fixed random mask: only the weights it keeps exist (the others stay 0 through learning); default
         * none. Miconi's full network keeps 1 % of the weights of layers 2 and 3.
         */
        public T optMask(WeightMask mask) {
            this.mask = mask;
            return self();
        }

        /** The competition producing the post-synaptic activity (required). */
        public T setCompetition(Competition competition) {
            this.competition = competition;
            return self();
        }

        /** The learning-rate schedule (required), e.g. SoftHebb's {@link org.hebbkit.rule.AdaptiveLearningRate}. */
        public T setLearningRate(LearningRateSchedule learningRate) {
            this.learningRate = learningRate;
            return self();
        }

        /** How the response is computed; default {@link LinearResponse} ({@code u = W x}). */
        public T optResponse(Response response) {
            this.response = Objects.requireNonNull(response, "response");
            return self();
        }

        /** Whether each neuron's weights are rescaled to norm 1 after every update (Miconi); default false. */
        public T optRenormalise(boolean renormalise) {
            this.renormalise = renormalise;
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
