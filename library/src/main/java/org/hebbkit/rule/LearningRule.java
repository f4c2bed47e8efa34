package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * A local learning rule: the weight change of a layer as a function of its weights, its input and its
 * activity. Every rule of the zoo has the form {@code dW = a x^T - s * W} ({@link HebbianTerms}), so it
 * only says what {@code a} and {@code s} are; the explicit update ({@link #delta}) and the surrogate loss
 * whose gradient is minus that update ({@link org.hebbkit.nn.HebbianLayer#surrogateLoss HebbianLayer.surrogateLoss}) both follow. Rules are records of their
 * hyperparameters; a rule with running state (BCM's threshold) declares it in {@link #stateVariables()}
 * and the layer owns it.
 *
 * <p>Shapes: weight {@code [O, I]}, input patches {@code [I, N]}, response {@code u} and post-synaptic
 * activity {@code y} both {@code [O, N]}; the result is {@code [O, I]}, summed over the {@code N}
 * columns of the batch. The layer scales it by its learning rate.
 *
 * <p>Call order, per learning batch: {@link #terms} (or {@link #delta}), then {@link #updateState} with
 * the same arrays, so the state a batch sees is the one left by the batch before.
 *
 * <pre>{@code
 * NDArray dW = new Oja().delta(w, x, u, y);
 * }</pre>
 */
public interface LearningRule {

    /**
     * @param pre the response {@code u}, {@code [O, N]}
     * @param post post-synaptic activity {@code y}, {@code [O, N]}
     * @param state this rule's state in the layer ({@link RuleState#NONE} for rules without state)
     * @return modulation {@code a [O, N]} and decay {@code s [O, 1]}
     */
    HebbianTerms terms(NDArray pre, NDArray post, RuleState state);

    /** The running state this rule needs; none by default. */
    default List<StateVariable> stateVariables() {
        return List.of();
    }

    /**
     * Moves the state after a batch (default: nothing).
     *
     * @param pre the response {@code u}, {@code [O, N]}
     * @param post post-synaptic activity {@code y}, {@code [O, N]}
     * @param state updated in place
     */
    default void updateState(NDArray pre, NDArray post, RuleState state) {}

    /**
     * {@code dW = a x^T - s * W}.
     *
     * @param weight {@code W}, {@code [O, I]}
     * @param input presynaptic patches {@code x}, {@code [I, N]}
     * @param pre the response {@code u}, {@code [O, N]}
     * @param post post-synaptic activity {@code y}, {@code [O, N]}
     * @param state this rule's state in the layer
     * @return the weight change {@code dW}, {@code [O, I]}: a new array, which the layer may scale in place
     */
    default NDArray delta(NDArray weight, NDArray input, NDArray pre, NDArray post, RuleState state) {
        HebbianTerms terms = terms(pre, post, state);
        NDArray change = org.hebbkit.engine.MatMul.productTransposed(terms.modulation(), input);
        // W s rather than s W: the same products, but PyTorch walks a [O, 1] first operand column by column (30 times
        // slower for block 3 of the SoftHebb preset)
        return terms.decay() == null ? change : change.subi(weight.mul(terms.decay()));
    }

    /** {@link #delta(NDArray, NDArray, NDArray, NDArray, RuleState)} for a rule without state. */
    default NDArray delta(NDArray weight, NDArray input, NDArray pre, NDArray post) {
        return delta(weight, input, pre, post, RuleState.NONE);
    }
}
