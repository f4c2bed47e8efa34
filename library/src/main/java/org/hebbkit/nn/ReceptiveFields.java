package org.hebbkit.nn;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Receptive fields of the units of every layer in pixel space, composed layer by layer through the weights,
 * as in Miconi (2021), "Hebbian learning with gradients: Hebbian convolutional neural networks with modern
 * deep learning frameworks", arXiv:2107.01729, where the fields of higher layers are drawn this way.
 *
 * <p>A {@link Field} describes the units (channels) of one feature map: the field of each unit is an image
 * {@code [channels, size, size]} of input pixels, and adjacent positions of the map are {@code step} pixels
 * apart. The fields of the image's own channels are one-hot pixels ({@link Field#ofImage}). A convolution
 * with weights {@code W [O, C / groups, k, k]}, stride {@code s}, dilation {@code d} over a map whose fields
 * are {@code RF_low [C, channels, size, size]}, {@code step} apart, gives
 * <pre>
 *   RF[o] = sum_{c in group(o), dy, dx}  W[o, c, dy, dx] * shift(RF_low[c], d * step * dy, d * step * dx)
 *   size' = step * d * (k - 1) + size          step' = step * s          origin' = origin - padding * step
 * </pre>
 * where {@code shift(F, a, b)} places {@code F} with its top-left corner at row {@code a}, column {@code b}
 * of the larger canvas ({@code size'} square) and the fields are added. Input channel {@code c} of a grouped
 * convolution is lower unit {@code g * C / groups + c} for output unit {@code o} of group {@code g}
 * (PyTorch's grouping). This is Miconi's {@code size = step * (k - 1) + rf(l - 1) + (pool - 1) * step(l - 1)}
 * with the pooling term produced by {@link #pool}.
 *
 * <p><b>Definitions.</b>
 * <ul>
 * <li>Only weights enter: biases (none here), input batch norms and activations are left out, so the field
 *     is the linear part of the chain of weights. For a stack of convolutions and average poolings without
 *     non-linearity, the field of unit {@code o} equals the gradient of its pre-activation at one position
 *     with respect to the input image, wherever that position's field lies inside the image (tested).</li>
 * <li>Pooling of side {@code p} and stride {@code s} is a depthwise convolution (each unit pooled on its
 *     own) with a constant {@code p x p} kernel: {@code 1 / p^2} for average pooling (exactly PyTorch's
 *     {@code avg_pool2d} with {@code count_include_pad}, as {@link Pooling} uses), and {@code 1} for max
 *     pooling. Max pooling's selection, which depends on the input, is ignored and only its geometry kept:
 *     the field is the sum of the fields of every position of the window (all that the maximum may pass
 *     on). The gradient for one input goes through one winning position per window, so it lies inside
 *     this field's support (tested). The two kinds differ only by the factor {@code p^2}.</li>
 * <li>Padding does not change a field: it only shifts which positions exist. It moves {@code origin}, the
 *     pixel (row and column, possibly negative) of the top-left corner of the field of the unit at map
 *     position {@code (0, 0)}; the unit at {@code (i, j)} sees pixels from {@code (origin + i * step,
 *     origin + j * step)} on. Pixels of the field outside the image fall on padding (zeros: they see
 *     nothing; reflection: they see the mirrored pixel).</li>
 * <li>A fully connected layer after a map {@code [C, side, side]} is a convolution with kernel {@code side}
 *     over that map (its weights {@code [O, C * side * side]} read as {@code [O, C, side, side]}), so its
 *     field covers the whole image; after a vector it is a convolution with kernel 1.</li>
 * </ul>
 *
 * <pre>{@code
 * Field image = Field.ofImage(3);
 * Field layer1 = ReceptiveFields.compose(image, conv1.weight().toFloatArray(), conv1.geometry());   // [96, 3, 5, 5]
 * Field layer2 = ReceptiveFields.compose(ReceptiveFields.pool(layer1, pool1), w2, conv2.geometry());
 * }</pre>
 *
 * Pure functions of plain arrays: no engine is needed, except to read the weights.
 */
public final class ReceptiveFields {

    private ReceptiveFields() {}

    /**
     * The receptive fields of the units of one feature map, row-major {@code [units, channels, size, size]}.
     * The array is not copied: do not change it.
     *
     * @param values the fields, {@code units * channels * size * size} values
     * @param units number of units (channels of the feature map)
     * @param channels channels of the input image
     * @param size side of every field in pixels
     * @param step pixels between adjacent positions of the feature map
     * @param origin pixel row (and column) of the top-left corner of the field of the unit at position
     *     {@code (0, 0)}; negative where it starts in the padding
     */
    public record Field(float[] values, int units, int channels, int size, int step, int origin) {

        /** Checks every field; the message names the parameter. */
        public Field {
            positive("units", units);
            positive("channels", channels);
            positive("size", size);
            positive("step", step);
            if (values == null) {
                throw new IllegalArgumentException("values must not be null");
            }
            long expected = (long) units * channels * size * size;
            if (values.length != expected) {
                throw new IllegalArgumentException("values must hold units * channels * size * size = " + units + " * "
                        + channels + " * " + size + " * " + size + " = " + expected + " floats, got " + values.length);
            }
        }

        /**
         * The image's own channels as units: unit {@code c} sees one pixel of channel {@code c}.
         *
         * @param channels channels of the input image
         * @return {@code [channels, channels, 1, 1]}, the identity; step 1, origin 0
         */
        public static Field ofImage(int channels) {
            positive("channels", channels);
            float[] identity = new float[channels * channels];
            for (int c = 0; c < channels; c++) {
                identity[c * channels + c] = 1;
            }
            return new Field(identity, channels, channels, 1, 1, 0);
        }

        /** Values of one unit's field: {@code size * size} per channel. */
        public int valuesPerUnit() {
            return channels * size * size;
        }

        /** The value at {@code [unit, channel, row, column]}. */
        public float get(int unit, int channel, int row, int column) {
            return values[((unit * channels + channel) * size + row) * size + column];
        }
    }

    /**
     * The fields of a convolution's output channels (pre-activation).
     *
     * @param lower the fields of the convolution's input map; {@code lower.units()} must equal
     *     {@code geometry.inChannels()}
     * @param weight row-major {@code [O, C / groups, k, k]}, as {@link HebbianConv2d#weight()}
     * @param geometry the convolution; padding and padding mode only move the origin
     * @return {@code [O, channels, step * d * (k - 1) + size, ...]}, step {@code lower.step * stride}
     * @throws IllegalArgumentException if the weight's length or the channels do not match
     */
    public static Field compose(Field lower, float[] weight, ConvGeometry geometry) {
        Objects.requireNonNull(lower, "lower");
        Objects.requireNonNull(geometry, "geometry");
        if (lower.units() != geometry.inChannels()) {
            throw new IllegalArgumentException("geometry.inChannels " + geometry.inChannels()
                    + " must equal the units of the lower fields, " + lower.units());
        }
        int perGroup = geometry.inChannels() / geometry.groups();
        int outChannels = geometry.outChannels();
        int kernel = geometry.kernel();
        long expected = (long) outChannels * perGroup * kernel * kernel;
        if (weight == null || weight.length != expected) {
            throw new IllegalArgumentException("weight must hold [O, C / groups, k, k] = [" + outChannels + ", "
                    + perGroup + ", " + kernel + ", " + kernel + "] = " + expected + " floats, got "
                    + (weight == null ? "null" : weight.length));
        }
        int outputsPerGroup = outChannels / geometry.groups();
        return place(lower, outChannels, kernel, geometry.dilation(), geometry.stride(), geometry.padding(),
                (o, c) -> (o / outputsPerGroup) * perGroup + c, perGroup,
                (o, c, dy, dx) -> weight[((o * perGroup + c) * kernel + dy) * kernel + dx]);
    }

    /**
     * The fields after pooling: a depthwise convolution with a constant kernel, {@code 1 / p^2} for
     * {@link Pooling.Kind#AVG} and {@code 1} for {@link Pooling.Kind#MAX} (the selection of the maximum
     * is ignored; see the class comment).
     *
     * @param lower the fields of the pooled map
     * @param pooling kind, window side {@code p}, stride and padding (padding only moves the origin)
     * @return {@code [units, channels, step * (p - 1) + size, ...]}, step {@code lower.step * stride}
     */
    public static Field pool(Field lower, Pooling pooling) {
        Objects.requireNonNull(lower, "lower");
        Objects.requireNonNull(pooling, "pooling");
        int kernel = pooling.kernel();
        float tap = pooling.kind() == Pooling.Kind.AVG ? 1f / (kernel * kernel) : 1f;
        return place(lower, lower.units(), kernel, 1, pooling.stride(), pooling.padding(), (o, c) -> o, 1,
                (o, c, dy, dx) -> tap);
    }

    /**
     * The fields of every block's layer (pre-activation, before the block's pooling; the pooling enters the
     * next block's fields). Conv layers compose by {@link #compose}; a fully connected layer reads its input
     * {@code [C, side, side]} as a convolution with kernel {@code side} (see the class comment). Reads the
     * weights with {@code toFloatArray()}: call inside a scope that holds the blocks' arrays
     * ({@code HebbianNetwork.newScope()}; {@code NetworkReceptiveFields.of} does it).
     *
     * @param blocks the blocks, input first
     * @param input the image shape {@code [channels, height, width]}
     * @return one field per block
     * @throws IllegalArgumentException naming the block, for a conv layer after a fully connected one, a
     *     fully connected layer after a non-square map, or shapes that do not chain
     */
    public static List<Field> of(List<HebbianBlock> blocks, Shape input) {
        Objects.requireNonNull(blocks, "blocks");
        if (input == null || input.dimension() != 3 || input.get(0) < 1 || input.get(1) < 1 || input.get(2) < 1) {
            throw new IllegalArgumentException("input must be a positive [channels, height, width], got " + input);
        }
        Field map = Field.ofImage(Math.toIntExact(input.get(0)));
        int height = Math.toIntExact(input.get(1));
        int width = Math.toIntExact(input.get(2));
        boolean flat = false;
        List<Field> fields = new ArrayList<>(blocks.size());
        for (int b = 0; b < blocks.size(); b++) {
            HebbianLayer layer = blocks.get(b).layer();
            Field field;
            if (layer instanceof HebbianConv2d conv) {
                if (flat) {
                    throw new IllegalArgumentException("block " + b + ": a conv layer after a fully connected layer has"
                            + " no image input; receptive fields need conv layers first");
                }
                ConvGeometry geometry = conv.geometry();
                field = compose(map, conv.weight().toFloatArray(), geometry);
                height = geometry.outputSize(height);
                width = geometry.outputSize(width);
            } else if (layer instanceof HebbianLinear linear) {
                if (height != width) {
                    throw new IllegalArgumentException("block " + b + ": a fully connected layer over a non-square map ["
                            + map.units() + ", " + height + ", " + width + "] has no square receptive field");
                }
                if ((long) map.units() * height * width != linear.inputs()) {
                    throw new IllegalArgumentException("block " + b + ": the fully connected layer takes "
                            + linear.inputs() + " inputs, but the map below it is [" + map.units() + ", " + height
                            + ", " + width + "]");
                }
                field = compose(map, linear.weight().toFloatArray(),
                        new ConvGeometry(map.units(), linear.neurons(), height, 1, 0, Padding.ZEROS, 1, 1));
                height = 1;
                width = 1;
                flat = true;
            } else {
                throw new IllegalArgumentException("block " + b + ": receptive fields know conv and fully connected"
                        + " layers, got " + layer.getClass().getSimpleName());
            }
            fields.add(field);
            map = field;
            Pooling pooling = blocks.get(b).pooling();
            if (pooling != null) {
                if (flat) {
                    throw new IllegalArgumentException("block " + b + ": pooling after a fully connected layer has"
                            + " no image to pool");
                }
                map = pool(map, pooling);
                height = pooling.outputSize(height);
                width = pooling.outputSize(width);
            }
            if (height < 1 || width < 1) {
                throw new IllegalArgumentException("block " + b + ": the map shrinks to " + height + " x " + width
                        + " pixels for input " + input + "; the blocks do not fit the image");
            }
        }
        return List.copyOf(fields);
    }

    /** Lower unit that input {@code c} of output unit {@code o} reads. */
    private interface Wiring {
        int lowerUnit(int o, int c);
    }

    /** Weight of input {@code c} of output unit {@code o} at kernel offset {@code (dy, dx)}. */
    private interface Taps {
        float weight(int o, int c, int dy, int dx);
    }

    /** The shared loop: adds each tap's weight times the lower field, shifted by the tap's pixel offset. */
    private static Field place(Field lower, int outUnits, int kernel, int dilation, int stride, int padding,
            Wiring wiring, int inputsPerUnit, Taps taps) {
        int lowerSize = lower.size();
        int channels = lower.channels();
        int pitch = lower.step() * dilation;
        int size = Math.toIntExact((long) pitch * (kernel - 1) + lowerSize);
        int perUnit = Math.toIntExact((long) channels * size * size);
        float[] out = new float[Math.toIntExact((long) outUnits * perUnit)];
        float[] low = lower.values();
        int lowerPerUnit = lower.valuesPerUnit();
        // units are independent (each writes its own slice): parallel and still deterministic
        IntStream.range(0, outUnits).parallel().forEach(o -> {
            for (int c = 0; c < inputsPerUnit; c++) {
                int source = wiring.lowerUnit(o, c) * lowerPerUnit;
                for (int dy = 0; dy < kernel; dy++) {
                    for (int dx = 0; dx < kernel; dx++) {
                        float w = taps.weight(o, c, dy, dx);
                        if (w == 0) {
                            continue;
                        }
                        for (int ch = 0; ch < channels; ch++) {
                            int from = source + ch * lowerSize * lowerSize;
                            int to = o * perUnit + (ch * size + dy * pitch) * size + dx * pitch;
                            for (int y = 0; y < lowerSize; y++) {
                                int row = from + y * lowerSize;
                                int target = to + y * size;
                                for (int x = 0; x < lowerSize; x++) {
                                    out[target + x] += w * low[row + x];
                                }
                            }
                        }
                    }
                }
            }
        });
        return new Field(out, outUnits, channels, size, lower.step() * stride, lower.origin() - padding * lower.step());
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
