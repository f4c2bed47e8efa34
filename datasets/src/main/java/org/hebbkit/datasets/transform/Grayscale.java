package org.hebbkit.datasets.transform;

import ai.djl.ndarray.NDArray;

/**
 * RGB to grayscale with the ITU-R 601-2 luma weights used by torchvision and PIL:
 * {@code L = 0.299 R + 0.587 G + 0.114 B}. {@code [N, 3, H, W]} to {@code [N, 1, H, W]}.
 */
public final class Grayscale {

    private Grayscale() {}

    /**
     * @param images {@code [N, 3, H, W]}
     * @return {@code [N, 1, H, W]}
     */
    public static NDArray apply(NDArray images) {
        if (images.getShape().dimension() != 4 || images.getShape().get(1) != 3) {
            throw new IllegalArgumentException("images must be [N, 3, H, W], got " + images.getShape());
        }
        NDArray weights = images.getManager().create(new float[] {0.299f, 0.587f, 0.114f})
                .toType(images.getDataType(), false).reshape(1, 3, 1, 1);
        return images.mul(weights).sum(new int[] {1}, true);
    }
}
