package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * How a convolution's input is padded: with zeros, or by reflection without repeating the edge
 * (PyTorch's {@code padding_mode='reflect'}: {@code [a b c d]} padded by 2 is {@code [c b a b c d c b]}).
 * SoftHebb pads by reflection explicitly and then convolves without padding.
 */
public enum Padding {
    /** Zeros. */
    ZEROS,
    /** Reflection about the edge pixel, edge not repeated. */
    REFLECT;

    /**
     * Pads height and width of {@code [B, C, H, W]} by {@code amount} on every side.
     *
     * @throws IllegalArgumentException for reflection by {@code amount >= H or W}
     */
    public NDArray apply(NDArray images, int amount) {
        if (amount == 0) {
            return images;
        }
        if (this == ZEROS) {
            return images.pad(new Shape(amount, amount, amount, amount), 0);
        }
        Shape shape = images.getShape();
        if (amount >= shape.get(2) || amount >= shape.get(3)) {
            throw new IllegalArgumentException("reflect padding " + amount + " needs height and width above it, got "
                    + shape);
        }
        return reflect(reflect(images, 3, amount), 2, amount);
    }

    private static NDArray reflect(NDArray images, int axis, int amount) {
        long size = images.getShape().get(axis);
        String before = axis == 3 ? ":, :, :, 1:{}" : ":, :, 1:{}, :";
        String after = axis == 3 ? ":, :, :, {}:{}" : ":, :, {}:{}, :";
        NDArray head = images.get(new NDIndex(before, amount + 1)).flip(axis);
        NDArray tail = images.get(new NDIndex(after, size - amount - 1, size - 1)).flip(axis);
        return head.concat(images, axis).concat(tail, axis);
    }
}
