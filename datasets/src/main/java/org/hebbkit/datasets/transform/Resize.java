package org.hebbkit.datasets.transform;

/**
 * Resizes uint8 images with an antialiased bilinear filter, as PIL's {@code Image.resize(size, BILINEAR)} (and so
 * torchvision's {@code transforms.Resize((h, w))} on PIL images, which SoftHebb's ImageNette and ImageNet recipes
 * use): separable, each output pixel the average of the input pixels under a triangle of half-width
 * {@code max(1, scale)} input pixels centred on the output pixel's centre, {@code scale = in / out}. Downscaling
 * therefore averages every input pixel (no aliasing), upscaling interpolates linearly between the two nearest.
 * The aspect ratio is not kept: {@code Resize((160, 160))} squashes.
 *
 * <pre>{@code
 * byte[] small = Resize.planes(pixels, 3, 213, 160, 160, 160);   // [3, 213, 160] -> [3, 160, 160]
 * }</pre>
 */
public final class Resize {

    private Resize() {}

    /**
     * @param pixels uint8 {@code [channels, height, width]}
     * @return uint8 {@code [channels, outHeight, outWidth]}, rounded to nearest
     */
    public static byte[] planes(byte[] pixels, int channels, int height, int width, int outHeight, int outWidth) {
        if (pixels.length != channels * height * width) {
            throw new IllegalArgumentException("pixels holds " + pixels.length + " bytes, not " + channels + " x "
                    + height + " x " + width);
        }
        if (outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException("output size must be at least 1 x 1, got " + outHeight + " x " + outWidth);
        }
        Filter rows = new Filter(height, outHeight);
        Filter columns = new Filter(width, outWidth);
        byte[] out = new byte[channels * outHeight * outWidth];
        float[] horizontal = new float[height * outWidth];
        for (int c = 0; c < channels; c++) {
            int plane = c * height * width;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < outWidth; x++) {
                    float sum = 0;
                    int first = columns.first[x];
                    float[] weights = columns.weights[x];
                    for (int k = 0; k < weights.length; k++) {
                        sum += weights[k] * (pixels[plane + y * width + first + k] & 0xff);
                    }
                    horizontal[y * outWidth + x] = sum;
                }
            }
            int outPlane = c * outHeight * outWidth;
            for (int y = 0; y < outHeight; y++) {
                int first = rows.first[y];
                float[] weights = rows.weights[y];
                for (int x = 0; x < outWidth; x++) {
                    float sum = 0;
                    for (int k = 0; k < weights.length; k++) {
                        sum += weights[k] * horizontal[(first + k) * outWidth + x];
                    }
                    out[outPlane + y * outWidth + x] = (byte) Math.max(0, Math.min(255, Math.round(sum)));
                }
            }
        }
        return out;
    }

    /** The normalised triangle weights of each output position along one axis. */
    private static final class Filter {
        final int[] first;
        final float[][] weights;

        Filter(int in, int out) {
            first = new int[out];
            weights = new float[out][];
            double scale = (double) in / out;
            double support = Math.max(1.0, scale);
            for (int o = 0; o < out; o++) {
                double centre = (o + 0.5) * scale;
                int from = Math.max(0, (int) Math.floor(centre - support));
                int to = Math.min(in, (int) Math.ceil(centre + support));
                double[] w = new double[to - from];
                double total = 0;
                for (int i = from; i < to; i++) {
                    double distance = Math.abs(i + 0.5 - centre) / support;
                    w[i - from] = Math.max(0, 1 - distance);
                    total += w[i - from];
                }
                first[o] = from;
                weights[o] = new float[w.length];
                for (int k = 0; k < w.length; k++) {
                    weights[o][k] = (float) (w[k] / total);
                }
            }
        }
    }
}
