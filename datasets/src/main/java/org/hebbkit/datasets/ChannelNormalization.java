package org.hebbkit.datasets;

/**
 * Per-channel standardisation applied when a batch is built: {@code x' = (x - mean[c]) / std[c]}
 * on pixels scaled to [0, 1].
 *
 * @param mean mean of each channel on the [0, 1] scale
 * @param std standard deviation of each channel, all positive
 */
public record ChannelNormalization(float[] mean, float[] std) {

    /** CIFAR-10 training-set statistics (R, G, B), as measured on the official files. */
    public static final ChannelNormalization CIFAR10 = new ChannelNormalization(
            new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});

    /** ImageNet training-set statistics (R, G, B), as torchvision's models and SoftHebb's ImageNette and ImageNet recipes use. */
    public static final ChannelNormalization IMAGENET = new ChannelNormalization(
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    /** MNIST training-set statistics. */
    public static final ChannelNormalization MNIST = new ChannelNormalization(
            new float[] {0.1307f}, new float[] {0.3081f});

    /** Checks that both arrays match and every std is positive. */
    public ChannelNormalization {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and std need the same, non-zero length; got "
                    + mean.length + " and " + std.length);
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0)) {
                throw new IllegalArgumentException("std[" + c + "] must be positive, got " + std[c]);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Number of channels. */
    public int channels() {
        return mean.length;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }
}
