package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;

/**
 * Softmax over the neurons as a layer's output, {@code softmax(temperatureInverse * u)} on axis 1
 * (SoftHebb's MNIST MLP preset uses an output softmax with {@code t_invert 5}).
 *
 * @param temperatureInverse inverse temperature, positive
 */
public record ChannelSoftmax(double temperatureInverse) implements Activation {

    /** Checks the temperature. */
    public ChannelSoftmax {
        if (!(temperatureInverse > 0) || Double.isInfinite(temperatureInverse)) {
            throw new IllegalArgumentException("temperatureInverse must be positive and finite, got " + temperatureInverse);
        }
    }

    @Override
    public NDArray apply(NDArray x) {
        return x.mul(temperatureInverse).softmax(1);
    }
}
