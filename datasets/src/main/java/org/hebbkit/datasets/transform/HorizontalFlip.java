package org.hebbkit.datasets.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Random horizontal flip: each image of {@code [N, C, H, W]} is mirrored left-right with probability
 * {@code probability}, as torchvision's {@code RandomHorizontalFlip}.
 *
 * @param probability chance of flipping each image, in [0, 1]
 */
public record HorizontalFlip(double probability) {

    /** Checks the probability. */
    public HorizontalFlip {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must lie in [0, 1], got " + probability);
        }
    }

    /**
     * @param images {@code [N, C, H, W]}
     * @param random one draw per image
     * @return {@code [N, C, H, W]}
     */
    public NDArray apply(NDArray images, SplittableRandom random) {
        int n = (int) images.getShape().get(0);
        boolean[] flip = new boolean[n];
        for (int i = 0; i < n; i++) {
            flip[i] = random.nextDouble() < probability;
        }
        NDArray mask = images.getManager().create(flip, new Shape(n, 1, 1, 1)).toType(DataType.BOOLEAN, false)
                .broadcast(images.getShape());
        return ai.djl.ndarray.NDArrays.where(mask, images.flip(3), images);
    }
}
