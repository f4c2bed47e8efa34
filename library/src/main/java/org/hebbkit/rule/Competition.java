package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.List;

/**
 * How neurons compete for an input: maps the response {@code u [O, N]} to the post-synaptic activity
 * {@code y [O, N]} used by a learning rule, competing over axis 0 (the neurons) independently at each of
 * the {@code N} columns (image and position). Competitions are records of their hyperparameters; one
 * with running state (adaptive thresholds) declares it in {@link #stateVariables()} and the layer owns it.
 *
 * <p>Call order, per learning batch: {@link #checkNeurons} once when the layer is built; then
 * {@link #compete(NDArray, NDArray, RuleState)}, then {@link #updateState} with the same arrays.
 */
public interface Competition {

    /**
     * @param pre response {@code u}, {@code [O, N]}
     * @return post-synaptic activity {@code y}, {@code [O, N]}
     */
    NDArray compete(NDArray pre);

    /**
     * The same as {@link #compete(NDArray)}, given the winners the caller has already computed (the layer
     * needs them for its statistics); competitions that use winners override this to avoid a second pass.
     *
     * @param pre response {@code u}, {@code [O, N]}
     * @param winners {@link #winners(NDArray) winners(pre)}, {@code [O, N]}
     * @return post-synaptic activity {@code y}, {@code [O, N]}
     */
    default NDArray compete(NDArray pre, NDArray winners) {
        return compete(pre);
    }

    /**
     * The competition with its running state; stateless competitions ignore {@code state}.
     *
     * @param pre response {@code u}, {@code [O, N]}
     * @param winners {@link #winners(NDArray) winners(pre)}, {@code [O, N]}
     * @param state this competition's state in the layer
     */
    default NDArray compete(NDArray pre, NDArray winners, RuleState state) {
        return compete(pre, winners);
    }

    /**
     * What the neurons compete on, given their response: {@code u} itself by default; {@code u - theta} for
     * competitions with thresholds ({@link AdaptiveThresholds}). Read by the {@code thresholded-triangle}
     * activation, which passes up a triangle of it (Miconi's full network). Changes nothing.
     *
     * @param pre response {@code u}, {@code [O, N]}
     * @param state this competition's state in the layer
     * @return {@code [O, N]}
     */
    default NDArray drive(NDArray pre, RuleState state) {
        return pre;
    }

    /** The running state this competition needs; none by default. */
    default List<StateVariable> stateVariables() {
        return List.of();
    }

    /**
     * Moves the state after a batch (default: nothing).
     *
     * @param pre response {@code [O, N]}
     * @param post what {@link #compete(NDArray, NDArray, RuleState)} returned, {@code [O, N]}
     * @param state updated in place
     */
    default void updateState(NDArray pre, NDArray post, RuleState state) {}

    /**
     * Checks that this competition can run on a layer of {@code neurons} neurons (e.g. {@code k <= neurons}).
     *
     * @throws IllegalArgumentException naming the parameter that does not fit
     */
    default void checkNeurons(int neurons) {}

    /**
     * The winning neuron at each column as a 0/1 mask {@code [O, N]} (argmax over neurons).
     *
     * @param pre response {@code [O, N]}
     */
    static NDArray winners(NDArray pre) {
        return pre.eq(pre.max(new int[] {0}, true)).toType(pre.getDataType(), false);
    }

    /**
     * The {@code k}-th largest value of each column, {@code [1, N]}.
     *
     * @param pre {@code [O, N]}
     * @param k 1 for the maximum, at most {@code O}
     */
    static NDArray kthLargest(NDArray pre, int k) {
        // top-k, not a full sort over the neurons: Krotov's conv rule on CIFAR-10 ran at 88 images/s with sort
        return pre.topK(k, 0, true, true).get(0).get(new NDIndex("{}:{}", k - 1, k));
    }

    /** Throws unless {@code 1 <= k <= neurons}, naming {@code k}. */
    static void checkK(int k, int neurons, String competition) {
        if (k > neurons) {
            throw new IllegalArgumentException(competition + ": k = " + k + " is larger than the layer's " + neurons
                    + " neurons; choose k <= " + neurons);
        }
    }
}
