package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * A local learning rule: the weight change of a layer as a pure function of its weights, its input
 * and its activity. Rules hold only hyperparameters (they are records); running state such as
 * thresholds belongs to the layer.
 *
 * <p>Shapes: weight {@code [O, I]}, input patches {@code [I, N]}, pre-activation {@code u = W x} and
 * post-synaptic activity {@code y} both {@code [O, N]}; the result is {@code [O, I]}, summed over the
 * {@code N} columns of the batch. The layer scales it by its learning rate.
 */
public interface LearningRule {

    /**
     * @param weight {@code W}, {@code [O, I]}
     * @param input presynaptic patches {@code x}, {@code [I, N]}
     * @param pre pre-activation {@code u}, {@code [O, N]}
     * @param post post-synaptic activity {@code y}, {@code [O, N]}
     * @return the weight change {@code dW}, {@code [O, I]}: a new array, which the layer scales in place
     */
    NDArray delta(NDArray weight, NDArray input, NDArray pre, NDArray post);
}
