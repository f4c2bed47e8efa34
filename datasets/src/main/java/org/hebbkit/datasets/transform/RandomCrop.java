package org.hebbkit.datasets.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Random crop with zero padding, as torchvision's {@code RandomCrop(size, padding)}: each image of
 * {@code [N, C, H, W]} is padded by {@code padding} pixels of zeros on every side and an {@code H x W}
 * window is cut at a uniformly random offset in {@code [0, 2 * padding]}.
 *
 * @param padding pixels of zeros added on each side, at least 0
 */
public record RandomCrop(int padding) {

    /** Checks the padding. */
    public RandomCrop {
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be non-negative, got " + padding);
        }
    }

    /**
     * @param images {@code [N, C, H, W]}
     * @param random source of the offsets (two draws per image: row, then column)
     * @return {@code [N, C, H, W]}, on the manager of {@code images}
     */
    public NDArray apply(NDArray images, SplittableRandom random) {
        Shape shape = images.getShape();
        long n = shape.get(0);
        long height = shape.get(2);
        long width = shape.get(3);
        NDArray padded = images.pad(new Shape(padding, padding, padding, padding), 0);
        NDList crops = new NDList((int) n);
        for (long i = 0; i < n; i++) {
            int top = random.nextInt(2 * padding + 1);
            int left = random.nextInt(2 * padding + 1);
            crops.add(padded.get(new NDIndex("{}, :, {}:{}, {}:{}", i, top, top + height, left, left + width)));
        }
        return ai.djl.ndarray.NDArrays.stack(crops, 0);
    }
}
