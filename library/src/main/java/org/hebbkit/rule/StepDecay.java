package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * A rate multiplied by {@code factor} every {@code everyEpochs} epochs:
 * {@code lr = rate * factor ^ floor(epoch / everyEpochs)}.
 *
 * @param rate the initial rate, positive
 * @param factor multiplier per step, in (0, 1]
 * @param everyEpochs epochs between steps, at least 1
 */
public record StepDecay(double rate, double factor, int everyEpochs) implements LearningRateSchedule {

    /** Checks the parameters. */
    public StepDecay {
        LearningRateSchedule.checkRate(rate);
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("factor must be in (0, 1], got " + factor);
        }
        if (everyEpochs < 1) {
            throw new IllegalArgumentException("everyEpochs must be at least 1, got " + everyEpochs);
        }
    }

    @Override
    public NDArray perNeuron(NDArray weight, TrainingProgress progress) {
        double current = rate * Math.pow(factor, progress.epoch() / everyEpochs);
        return new ConstantRate(current).perNeuron(weight, progress);
    }
}
