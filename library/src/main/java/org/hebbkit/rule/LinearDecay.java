package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * A rate that falls linearly over training, per epoch as in Krotov and Hopfield's code:
 * {@code lr = rate * (1 - epoch / epochs)}, so the first epoch runs at {@code rate} and the last at
 * {@code rate / epochs}. Krotov and Hopfield (2019), PNAS, Methods ({@code eps = eps0 (1 - nep / Nep)}).
 *
 * @param rate the first epoch's rate, positive
 */
public record LinearDecay(double rate) implements LearningRateSchedule {

    /** Checks the rate. */
    public LinearDecay {
        LearningRateSchedule.checkRate(rate);
    }

    @Override
    public NDArray perNeuron(NDArray weight, TrainingProgress progress) {
        double current = rate * (1 - (double) progress.epoch() / progress.epochs());
        return new ConstantRate(current).perNeuron(weight, progress);
    }
}
