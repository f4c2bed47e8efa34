package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * A layer's learning rate per neuron, recomputed before every update: constant, SoftHebb's norm-adaptive
 * rate, linear decay (Krotov and Hopfield), or step decay. Schedules are records of their
 * hyperparameters; they read the weights and the training progress and keep no state.
 */
public interface LearningRateSchedule {

    /**
     * @param weight {@code W}, {@code [O, I]}
     * @param progress where the layer is in its training
     * @return the learning rate of each neuron, {@code [O, 1]}
     */
    NDArray perNeuron(NDArray weight, TrainingProgress progress);

    /** The base rate (before decay or adaptation). */
    double rate();

    /** Throws unless {@code rate} is positive and finite. */
    static void checkRate(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate (learning rate) must be positive and finite, got " + rate);
        }
    }
}
