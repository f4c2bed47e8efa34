package org.hebbkit.datasets.transform;

import java.util.SplittableRandom;

/**
 * Random resized crop, as torchvision's {@code RandomResizedCrop(size)} with its defaults (scale 0.08 to 1 of the
 * area, aspect ratio 3/4 to 4/3, drawn log-uniformly): a window of random area and aspect ratio at a random place,
 * resized to the output size with {@link Resize}. Ten draws are tried for a window that fits; then, as torchvision
 * does, the central crop with the ratio clamped to the allowed range. SoftHebb's ImageNette and ImageNet readouts use
 * it ({@code transforms.RandomSizedCrop}, the old name).
 *
 * <pre>{@code
 * byte[] crop = new RandomResizedCrop().apply(pixels, 3, 160, 160, 160, 160, random);
 * }</pre>
 */
public record RandomResizedCrop() {

    private static final double MIN_SCALE = 0.08;
    private static final double MAX_SCALE = 1.0;
    private static final double MIN_RATIO = 3.0 / 4.0;
    private static final double MAX_RATIO = 4.0 / 3.0;

    /**
     * @param pixels uint8 {@code [channels, height, width]}
     * @param random source of the window (four draws per try)
     * @return uint8 {@code [channels, outHeight, outWidth]}
     */
    public byte[] apply(byte[] pixels, int channels, int height, int width, int outHeight, int outWidth,
            SplittableRandom random) {
        int[] window = window(height, width, random);
        int top = window[0];
        int left = window[1];
        int h = window[2];
        int w = window[3];
        byte[] cropped = new byte[channels * h * w];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(pixels, (c * height + top + y) * width + left, cropped, (c * h + y) * w, w);
            }
        }
        return Resize.planes(cropped, channels, h, w, outHeight, outWidth);
    }

    /** {@code [top, left, height, width]} of the window. */
    static int[] window(int height, int width, SplittableRandom random) {
        double area = (double) height * width;
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (MIN_SCALE + random.nextDouble() * (MAX_SCALE - MIN_SCALE));
            double ratio = Math.exp(Math.log(MIN_RATIO) + random.nextDouble() * (Math.log(MAX_RATIO) - Math.log(MIN_RATIO)));
            int w = (int) Math.round(Math.sqrt(target * ratio));
            int h = (int) Math.round(Math.sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= width && h <= height) {
                int top = random.nextInt(height - h + 1);
                int left = random.nextInt(width - w + 1);
                return new int[] {top, left, h, w};
            }
        }
        double ratio = (double) width / height;
        int w;
        int h;
        if (ratio < MIN_RATIO) {
            w = width;
            h = (int) Math.round(w / MIN_RATIO);
        } else if (ratio > MAX_RATIO) {
            h = height;
            w = (int) Math.round(h * MAX_RATIO);
        } else {
            w = width;
            h = height;
        }
        return new int[] {(height - h) / 2, (width - w) / 2, h, w};
    }
}
