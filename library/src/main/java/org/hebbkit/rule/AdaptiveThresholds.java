package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * k-winners-take-all on thresholded responses with homeostatic thresholds (Miconi's adaptive
 * thresholds): each neuron subtracts its own threshold before competing, a winner fires only if its
 * thresholded response is positive, and after each batch the threshold moves so that the neuron's firing
 * rate approaches {@code k / O}:
 *
 * <pre>
 *   v     = u - theta                                     [O, N]
 *   y     = 1 if v is among the k largest of its column and v &gt; 0, else 0
 *   theta &lt;- theta + rate * (mean_n y - k / O)            [O, 1]
 * </pre>
 *
 * Neurons that win too often raise their threshold, those that never win lower it, so every unit ends up
 * used. Miconi (2021), "Hebbian learning with gradients", Section 3 (the simple network's thresholds).
 *
 * @param k winners per column, at least 1 and at most the layer's neurons
 * @param rate how fast thresholds move, positive (Miconi's simple network: 10)
 */
public record AdaptiveThresholds(int k, double rate) implements Competition {

    /** The state variable's name. */
    public static final String THRESHOLD = "threshold";

    /** Checks the parameters. */
    public AdaptiveThresholds {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be positive and finite, got " + rate);
        }
    }

    @Override
    public List<StateVariable> stateVariables() {
        return List.of(new StateVariable(THRESHOLD, 0f));
    }

    @Override
    public NDArray compete(NDArray pre) {
        throw new IllegalStateException("adaptive-thresholds keeps state: call compete(pre, winners, state)"
                + " (a HebbianLayer does)");
    }

    @Override
    public NDArray drive(NDArray pre, RuleState state) {
        return pre.sub(state.get(THRESHOLD));
    }

    @Override
    public NDArray compete(NDArray pre, NDArray winners, RuleState state) {
        NDArray thresholded = drive(pre, state);
        return new KWinnersTakeAll(k).compete(thresholded).muli(thresholded.gt(0f).toType(pre.getDataType(), false));
    }

    @Override
    public void updateState(NDArray pre, NDArray post, RuleState state) {
        long neurons = pre.getShape().get(0);
        NDArray winRate = post.mean(new int[] {1}, true);
        state.get(THRESHOLD).addi(winRate.subi((double) k / neurons).muli(rate));
    }

    @Override
    public void checkNeurons(int neurons) {
        Competition.checkK(k, neurons, "adaptive-thresholds");
    }
}
