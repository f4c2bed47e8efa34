package org.hebbkit.model;

/**
 * One block of a preset, as data: batch norm, Hebbian layer, competition, learning rate, activation,
 * pooling and weight initialisation. Field names follow SoftHebb's hyperparameters.
 *
 * @param layer {@code "conv"} or {@code "linear"}
 * @param batchNorm whether a non-affine batch norm precedes the layer
 * @param outChannels neurons
 * @param kernel kernel side (conv only)
 * @param stride convolution stride (conv only)
 * @param padding padding on each side (conv only)
 * @param paddingMode {@code "zeros"} or {@code "reflect"} (conv only)
 * @param dilation kernel dilation (conv only)
 * @param groups channel groups (conv only)
 * @param competition {@code "soft"}, {@code "soft-krotov"} or {@code "hard"}
 * @param temperatureInverse SoftHebb's {@code t_invert}
 * @param learningRate base learning rate
 * @param learningRatePower exponent of the adaptive learning rate
 * @param preTriangle whether Triangle(1) precedes the competition and forms the layer's output
 * @param activation the block's activation
 * @param pooling the block's pooling, or {@code null}
 * @param init the weight initialisation
 */
public record BlockSpec(String layer, boolean batchNorm, int outChannels, int kernel, int stride, int padding,
        String paddingMode, int dilation, int groups, String competition, double temperatureInverse,
        double learningRate, double learningRatePower, boolean preTriangle, ActivationSpec activation,
        PoolingSpec pooling, InitSpec init) {

    /**
     * An activation as data.
     *
     * @param type {@code "triangle"}, {@code "softmax"}, {@code "relu"} or {@code "identity"}
     * @param power triangle power
     * @param temperatureInverse softmax inverse temperature
     */
    public record ActivationSpec(String type, double power, double temperatureInverse) {}

    /**
     * Pooling as data.
     *
     * @param kind {@code "max"} or {@code "avg"}
     * @param kernel window side
     * @param stride step
     * @param padding padding on each side
     */
    public record PoolingSpec(String kind, int kernel, int stride, int padding) {}

    /**
     * Weight initialisation as data.
     *
     * @param kind {@code "normal"} or {@code "uniform"}
     * @param radius expected norm of each neuron's weights
     */
    public record InitSpec(String kind, double radius) {}

    /** This block with another activation (ReLU for the backpropagation baseline). */
    public BlockSpec withActivation(ActivationSpec newActivation) {
        return new BlockSpec(layer, batchNorm, outChannels, kernel, stride, padding, paddingMode, dilation, groups,
                competition, temperatureInverse, learningRate, learningRatePower, preTriangle, newActivation, pooling,
                init);
    }

    /** This block with another competition (for the Hard-WTA baseline). */
    public BlockSpec withCompetition(String newCompetition) {
        return new BlockSpec(layer, batchNorm, outChannels, kernel, stride, padding, paddingMode, dilation, groups,
                newCompetition, temperatureInverse, learningRate, learningRatePower, preTriangle, activation, pooling,
                init);
    }
}
