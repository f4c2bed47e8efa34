package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Luma of RGB images, ITU-R 601-2: {@code 0.299 R + 0.587 G + 0.114 B}, {@code [B, 3, H, W] -> [B, 1, H, W]}
 * (the conversion torchvision's {@code Grayscale} applies); images with another number of channels get
 * their mean over channels. Miconi (2021)'s simple network works on grayscale CIFAR-10.
 */
public record Grayscale() implements Preprocessing {

    @Override
    public NDArray apply(NDArray images) {
        if (images.getShape().get(1) != 3) {
            return images.mean(new int[] {1}, true);
        }
        NDArray luma = images.getManager().create(new float[] {0.299f, 0.587f, 0.114f}, new Shape(1, 3, 1, 1))
                .toType(images.getDataType(), false);
        return images.mul(luma).sum(new int[] {1}, true);
    }

    @Override
    public Shape outputShape(Shape input) {
        return new Shape(1, input.get(1), input.get(2));
    }
}
