package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * The same learning rate for every neuron and every batch: {@code lr_i = rate}.
 *
 * @param rate the learning rate, positive
 */
public record ConstantRate(double rate) implements LearningRateSchedule {

    /** Checks the rate. */
    public ConstantRate {
        LearningRateSchedule.checkRate(rate);
    }

    @Override
    public NDArray perNeuron(NDArray weight, TrainingProgress progress) {
        return weight.getManager().full(new ai.djl.ndarray.types.Shape(weight.getShape().get(0), 1), (float) rate,
                weight.getDataType());
    }
}
