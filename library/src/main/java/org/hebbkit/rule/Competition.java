package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * How neurons compete for an input: maps the pre-activation {@code u [O, N]} to the post-synaptic
 * activity {@code y [O, N]} used by a learning rule, competing over axis 0 (the neurons) independently
 * at each of the {@code N} columns (image and position).
 */
public interface Competition {

    /**
     * @param pre pre-activation {@code u}, {@code [O, N]}
     * @return post-synaptic activity {@code y}, {@code [O, N]}
     */
    NDArray compete(NDArray pre);

    /**
     * The same as {@link #compete(NDArray)}, given the winners the caller has already computed (the layer
     * needs them for its statistics); competitions that use winners override this to avoid a second pass.
     *
     * @param pre pre-activation {@code u}, {@code [O, N]}
     * @param winners {@link #winners(NDArray) winners(pre)}, {@code [O, N]}
     * @return post-synaptic activity {@code y}, {@code [O, N]}
     */
    default NDArray compete(NDArray pre, NDArray winners) {
        return compete(pre);
    }

    /**
     * The winning neuron at each column as a 0/1 mask {@code [O, N]} (argmax over neurons).
     *
     * @param pre pre-activation {@code [O, N]}
     */
    static NDArray winners(NDArray pre) {
        return pre.eq(pre.max(new int[] {0}, true)).toType(pre.getDataType(), false);
    }
}
