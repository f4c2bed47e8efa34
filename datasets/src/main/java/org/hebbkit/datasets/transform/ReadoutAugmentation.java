package org.hebbkit.datasets.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.hebbkit.datasets.ImageSplit;

/**
 * A fixed number of augmented copies of a training split, for a readout trained on cached features (the library's
 * {@code Preset.Augmentation}): copy {@code k} of image {@code i} is image {@code k * N + i} of the result, drawn once
 * from the seed. Two kinds, after SoftHebb's supervised dataset presets:
 * <ul>
 *   <li>{@code crop-flip} ({@code STL10_100aug}): {@link RandomCrop} with 4 pixels of reflect padding, then
 *       {@link HorizontalFlip} with probability 1/2;</li>
 *   <li>{@code resized-crop-flip} ({@code ImageNette_200aug}): {@link RandomResizedCrop} back to the image's size,
 *       then the same flip.</li>
 * </ul>
 * The result holds {@code copies * N} images as bytes ({@code copies * N * C * H * W} bytes: STL-10, 4 copies,
 * 553 MB); they are made 256 images at a time.
 *
 * <pre>{@code
 * ImageSplit augmented = ReadoutAugmentation.copies(train, "crop-flip", 4, seed);   // 20,000 images
 * }</pre>
 */
public final class ReadoutAugmentation {

    private static final int CHUNK = 256;

    private ReadoutAugmentation() {}

    /**
     * @param split the training images
     * @param kind {@code crop-flip} or {@code resized-crop-flip}
     * @param copies augmented versions of each image, at least 1
     * @param seed draws every crop and flip
     * @throws IllegalArgumentException for an unknown kind, fewer than one copy, or a result over one array's size
     */
    public static ImageSplit copies(ImageSplit split, String kind, int copies, long seed) {
        if (!kind.equals("crop-flip") && !kind.equals("resized-crop-flip")) {
            throw new IllegalArgumentException("kind must be crop-flip or resized-crop-flip, got '" + kind + "'");
        }
        if (copies < 1) {
            throw new IllegalArgumentException("copies must be at least 1, got " + copies);
        }
        int n = split.size();
        int imageBytes = split.imageBytes();
        long total = (long) copies * n * imageBytes;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(String.format("%d augmented copies of %s are %,d bytes, more than one array"
                    + " holds; choose fewer copies (probe.augmentation.copies) or fewer images (--limit-train)", copies,
                    split.name(), total));
        }
        byte[] pixels = new byte[(int) total];
        int[] labels = new int[copies * n];
        SplittableRandom random = new SplittableRandom(seed);
        RandomCrop crop = new RandomCrop(4, true);
        HorizontalFlip flip = new HorizontalFlip(0.5);
        RandomResizedCrop resized = new RandomResizedCrop();
        int c = split.channels();
        int h = split.height();
        int w = split.width();
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            for (int k = 0; k < copies; k++) {
                for (int from = 0; from < n; from += CHUNK) {
                    int to = Math.min(n, from + CHUNK);
                    int[] indices = new int[to - from];
                    for (int i = 0; i < indices.length; i++) {
                        indices[i] = from + i;
                        labels[k * n + from + i] = split.label(from + i);
                    }
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray images;
                        if (kind.equals("crop-flip")) {
                            images = crop.apply(split.images(scope, indices), random);
                        } else {
                            byte[] cropped = new byte[indices.length * imageBytes];
                            for (int i = 0; i < indices.length; i++) {
                                System.arraycopy(resized.apply(split.imagePixels(indices[i]), c, h, w, h, w, random), 0,
                                        cropped, i * imageBytes, imageBytes);
                            }
                            images = new ImageSplit("crops", cropped, new int[indices.length], c, h, w, java.util.List.of("any"))
                                    .images(scope, 0, indices.length);
                        }
                        float[] values = flip.apply(images, random).mul(255f).round().toFloatArray();
                        int offset = (k * n + from) * imageBytes;
                        for (int i = 0; i < values.length; i++) {
                            pixels[offset + i] = (byte) (int) values[i];
                        }
                    }
                }
            }
        }
        return new ImageSplit(split.name() + " x" + copies + " " + kind, pixels, labels, c, h, w, split.classNames());
    }
}
