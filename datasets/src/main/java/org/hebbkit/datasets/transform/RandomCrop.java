package org.hebbkit.datasets.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Random crop with padding, as torchvision's {@code RandomCrop(size, padding, padding_mode)}: each image of
 * {@code [N, C, H, W]} is padded by {@code padding} pixels on every side, zeros or the image reflected about its
 * edge (torchvision's {@code "reflect"}: the edge pixel is not repeated), and an {@code H x W} window is cut at a
 * uniformly random offset in {@code [0, 2 * padding]}. SoftHebb's STL-10 readout uses padding 4, reflect.
 *
 * @param padding pixels added on each side, at least 0 (with {@code reflect}, less than the image's height and width)
 * @param reflect reflect padding rather than zeros
 */
public record RandomCrop(int padding, boolean reflect) {

    /** Zero padding. */
    public RandomCrop(int padding) {
        this(padding, false);
    }

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
        if (reflect && (padding >= height || padding >= width)) {
            throw new IllegalArgumentException("reflect padding " + padding + " needs images larger than it, got "
                    + height + " x " + width);
        }
        NDArray padded = reflect ? reflectPad(images, padding) : images.pad(new Shape(padding, padding, padding, padding), 0);
        NDList crops = new NDList((int) n);
        for (long i = 0; i < n; i++) {
            int top = random.nextInt(2 * padding + 1);
            int left = random.nextInt(2 * padding + 1);
            crops.add(padded.get(new NDIndex("{}, :, {}:{}, {}:{}", i, top, top + height, left, left + width)));
        }
        return ai.djl.ndarray.NDArrays.stack(crops, 0);
    }

    /** {@code [N, C, H, W]} padded by {@code p} on each side with the reflection about the edges: {@code [N, C, H + 2p, W + 2p]}. */
    static NDArray reflectPad(NDArray images, int p) {
        if (p == 0) {
            return images;
        }
        long height = images.getShape().get(2);
        long width = images.getShape().get(3);
        NDArray left = images.get(new NDIndex(":, :, :, 1:{}", p + 1)).flip(3);
        NDArray right = images.get(new NDIndex(":, :, :, {}:{}", width - p - 1, width - 1)).flip(3);
        NDArray wide = left.concat(images, 3).concat(right, 3);
        NDArray top = wide.get(new NDIndex(":, :, 1:{}, :", p + 1)).flip(2);
        NDArray bottom = wide.get(new NDIndex(":, :, {}:{}, :", height - p - 1, height - 1)).flip(2);
        return top.concat(wide, 2).concat(bottom, 2);
    }
}
