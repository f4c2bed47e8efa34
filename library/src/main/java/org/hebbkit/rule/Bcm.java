package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The Bienenstock–Cooper–Munro rule with a sliding threshold:
 *
 * <pre>
 *   dW    = (y * (y - theta)) x^T                  a = y (y - theta), no decay     [O, I]
 *   theta &lt;- theta + thresholdRate * (mean_n y^2 - theta)    after each batch        [O, 1]
 * </pre>
 *
 * A unit is potentiated by inputs that drive it above its threshold and depressed by those below; the
 * threshold tracks the running mean of {@code y^2}, so units become selective to a subset of the inputs.
 * Pair it with weight renormalisation (or update normalisation) in the layer to keep weights bounded.
 * Bienenstock, Cooper and Munro (1982), J. Neurosci. 2; threshold as in Intrator and Cooper (1992).
 *
 * <pre>{@code
 * LearningRule bcm = new Bcm(0.1, 0);   // state "threshold" [O, 1], owned by the layer
 * }</pre>
 *
 * @param thresholdRate how fast {@code theta} follows {@code mean y^2}, in (0, 1]
 * @param initialThreshold {@code theta} before the first batch, non-negative
 */
public record Bcm(double thresholdRate, double initialThreshold) implements LearningRule {

    /** The state variable's name. */
    public static final String THRESHOLD = "threshold";

    /** Checks the parameters. */
    public Bcm {
        if (!(thresholdRate > 0 && thresholdRate <= 1)) {
            throw new IllegalArgumentException("thresholdRate must be in (0, 1], got " + thresholdRate);
        }
        if (!(initialThreshold >= 0) || Double.isInfinite(initialThreshold)) {
            throw new IllegalArgumentException("initialThreshold must be finite and non-negative, got " + initialThreshold);
        }
    }

    @Override
    public List<StateVariable> stateVariables() {
        return List.of(new StateVariable(THRESHOLD, (float) initialThreshold));
    }

    @Override
    public HebbianTerms terms(NDArray pre, NDArray post, RuleState state) {
        return new HebbianTerms(post.mul(post.sub(state.get(THRESHOLD))), null);
    }

    @Override
    public void updateState(NDArray pre, NDArray post, RuleState state) {
        NDArray threshold = state.get(THRESHOLD);
        NDArray meanSquare = post.square().mean(new int[] {1}, true);
        threshold.addi(meanSquare.subi(threshold).muli(thresholdRate));
    }
}
