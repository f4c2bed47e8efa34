package org.hebbkit.datasets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One split of an image dataset held in memory: all pixels in one contiguous {@code byte[]} of
 * unsigned 8-bit values, laid out {@code [count, channels, height, width]}, and one label per image (an
 * {@code int}: ImageNet's 1,000 classes fit). A {@code byte[]} holds at most 2,147,483,647 bytes, so a split
 * larger than that (STL-10's 100,000 unlabeled images, ImageNet) is an {@link ImageSource} read from disk in
 * chunks instead.
 *
 * <p>There are no per-image objects; batches are built on demand as DJL {@link NDArray}s on a
 * caller-given {@link NDManager}:
 *
 * <pre>{@code
 * ImageSplit train = Cifar10.builder().optSplit(Split.TRAIN).build().prepare();
 * try (NDManager batchScope = manager.newSubManager()) {
 *     NDArray x = train.images(batchScope, 0, 64);            // [64, 3, 32, 32] float32 in [0, 1]
 *     NDArray y = train.labels(batchScope, 0, 64);            // [64] int32
 * }
 * }</pre>
 *
 * Instances are immutable: transforms that select images return a new split.
 */
public final class ImageSplit extends AbstractImageSource {

    private final byte[] pixels;
    private final int[] labels;
    private final List<String> classNames;

    /**
     * @param name what the split is, for messages ({@code "cifar-10 train"})
     * @param pixels uint8 pixels, {@code [count, channels, height, width]} row-major; kept, not copied
     * @param labels one class index per image, unsigned bytes (up to 256 classes)
     * @param channels channels per image (1 or 3)
     * @param height image height in pixels
     * @param width image width in pixels
     * @param classNames name of each class, index = label
     */
    public ImageSplit(String name, byte[] pixels, byte[] labels, int channels, int height, int width,
            List<String> classNames) {
        this(name, pixels, unsigned(Objects.requireNonNull(labels, "labels")), channels, height, width, classNames);
    }

    /**
     * @param name what the split is, for messages ({@code "imagenette train"})
     * @param pixels uint8 pixels, {@code [count, channels, height, width]} row-major; kept, not copied
     * @param labels one class index per image, each in {@code [0, classNames.size())}; kept, not copied
     * @param channels channels per image (1 or 3)
     * @param height image height in pixels
     * @param width image width in pixels
     * @param classNames name of each class, index = label
     */
    public ImageSplit(String name, byte[] pixels, int[] labels, int channels, int height, int width,
            List<String> classNames) {
        super(name, channels, height, width);
        this.pixels = Objects.requireNonNull(pixels, "pixels");
        this.labels = Objects.requireNonNull(labels, "labels");
        this.classNames = List.copyOf(classNames);
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(String.format(
                    "pixels of %s: expected %,d bytes for %,d images of %dx%dx%d, got %,d",
                    name, expected, labels.length, channels, height, width, pixels.length));
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException(String.format(
                        "labels of %s: label %d of image %d is out of range [0, %d)",
                        name, labels[i], i, classNames.size()));
            }
        }
    }

    private static int[] unsigned(byte[] labels) {
        int[] wide = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            wide[i] = Byte.toUnsignedInt(labels[i]);
        }
        return wide;
    }

    /** Number of images. */
    @Override
    public int size() {
        return labels.length;
    }

    /** Class names, index = label. */
    @Override
    public List<String> classNames() {
        return classNames;
    }

    /** Number of classes. */
    public int classCount() {
        return classNames.size();
    }

    /** The label of image {@code index}. */
    @Override
    public int label(int index) {
        return labels[index];
    }

    /** A copy of all labels as ints. */
    public int[] labels() {
        return labels.clone();
    }

    /** The uint8 value of one pixel. */
    public int pixel(int image, int channel, int row, int column) {
        return Byte.toUnsignedInt(pixels[((image * channels() + channel) * height() + row) * width() + column]);
    }

    /** Images per class, index = label. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** Mean of each channel over all images, on the [0, 1] scale. */
    public double[] channelMeans() {
        double[] means = new double[channels()];
        int plane = height() * width();
        for (int image = 0; image < labels.length; image++) {
            for (int c = 0; c < channels(); c++) {
                long sum = 0;
                int offset = (image * channels() + c) * plane;
                for (int p = 0; p < plane; p++) {
                    sum += pixels[offset + p] & 0xff;
                }
                means[c] += sum;
            }
        }
        for (int c = 0; c < channels(); c++) {
            means[c] /= 255.0 * plane * labels.length;
        }
        return means;
    }

    /** Images {@code [from, to)} as float32 {@code [to - from, C, H, W]} in [0, 1]. */
    public NDArray images(NDManager manager, int from, int to) {
        checkRange(from, to);
        return images(manager, range(from, to), null);
    }

    /** The images at {@code indices} as float32 {@code [indices.length, C, H, W]} in [0, 1]. */
    @Override
    public NDArray images(NDManager manager, int[] indices) {
        return images(manager, indices, null);
    }

    /**
     * The images at {@code indices} as float32 {@code [indices.length, C, H, W]}: {@code (pixel / 255 - mean[c]) / std[c]},
     * or pixel / 255 when {@code normalization} is {@code null}.
     */
    public NDArray images(NDManager manager, int[] indices, ChannelNormalization normalization) {
        return fromHost(manager, floats(indices, normalization), new Shape(indices.length, channels(), height(), width()));
    }

    /** The images at {@code indices} as floats {@code [indices.length, C, H, W]}, row-major, scaled as above. */
    float[] floats(int[] indices, ChannelNormalization normalization) {
        if (normalization != null && normalization.channels() != channels()) {
            throw new IllegalArgumentException("normalization has " + normalization.channels()
                    + " channels, " + name() + " has " + channels());
        }
        int imageBytes = imageBytes();
        int plane = height() * width();
        float[] values = new float[indices.length * imageBytes];
        float[] scale = new float[channels()];
        float[] shift = new float[channels()];
        for (int c = 0; c < channels(); c++) {
            float mean = normalization == null ? 0f : normalization.mean()[c];
            float std = normalization == null ? 1f : normalization.std()[c];
            scale[c] = 1f / (255f * std);
            shift[c] = -mean / std;
        }
        for (int i = 0; i < indices.length; i++) {
            int index = indices[i];
            checkIndex(index);
            int source = index * imageBytes;
            int target = i * imageBytes;
            for (int c = 0; c < channels(); c++) {
                float s = scale[c];
                float b = shift[c];
                int offset = c * plane;
                for (int p = 0; p < plane; p++) {
                    values[target + offset + p] = (pixels[source + offset + p] & 0xff) * s + b;
                }
            }
        }
        return values;
    }

    /** Per thread, the direct buffer batches are copied through (grown when a batch needs more). */
    private static final ThreadLocal<java.nio.ByteBuffer> STAGING = new ThreadLocal<>();

    /**
     * {@code values} as a float32 array on {@code manager}. {@code NDManager.create(float[])} copies through a new
     * direct buffer per call, which only the garbage collector frees (resident memory grew by about 100 MB per 1,000
     * batches of 10 CIFAR images until a collection; {@code hebbkit bench memory}); here the copy goes through one
     * direct buffer per thread, reused, and is then copied into memory the engine owns.
     */
    static NDArray fromHost(NDManager manager, float[] values, Shape shape) {
        if (!manager.getDevice().equals(ai.djl.Device.cpu())) {
            return manager.create(values, shape);
        }
        int bytes = values.length * Float.BYTES;
        java.nio.ByteBuffer staging = STAGING.get();
        if (staging == null || staging.capacity() < bytes) {
            staging = java.nio.ByteBuffer.allocateDirect(Math.max(bytes, 1 << 16)).order(java.nio.ByteOrder.nativeOrder());
            STAGING.set(staging);
        }
        staging.clear();
        staging.asFloatBuffer().put(values);
        staging.limit(bytes);
        // an array made from a direct buffer shares its memory: copy it into the engine's own before the next reuse
        try (NDArray shared = manager.create(staging, shape, ai.djl.ndarray.types.DataType.FLOAT32)) {
            return shared.duplicate();
        }
    }

    /** Labels {@code [from, to)} as int32 {@code [to - from]}. */
    public NDArray labels(NDManager manager, int from, int to) {
        checkRange(from, to);
        return labels(manager, range(from, to));
    }

    /** The labels at {@code indices} as int32 {@code [indices.length]}. */
    public NDArray labels(NDManager manager, int[] indices) {
        int[] values = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            values[i] = labels[indices[i]];
        }
        return manager.create(values);
    }

    /** A new split holding the images at {@code indices}, in that order (indices may repeat). */
    public ImageSplit select(int[] indices, String newName) {
        int imageBytes = imageBytes();
        byte[] newPixels = new byte[indices.length * imageBytes];
        int[] newLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * imageBytes, newPixels, i * imageBytes, imageBytes);
            newLabels[i] = labels[indices[i]];
        }
        return new ImageSplit(newName, newPixels, newLabels, channels(), height(), width(), classNames);
    }

    /** Images {@code [from, to)} as a split of their own (a copy); the whole split is a chunk of itself. */
    @Override
    public ImageSplit chunk(int from, int to) {
        checkRange(from, to);
        return select(range(from, to), name() + " [" + from + ", " + to + ")");
    }

    /** The pixels and labels: nothing to release. */
    @Override
    public void close() {}

    /** The raw uint8 pixels of image {@code index}, copied. */
    public byte[] imagePixels(int index) {
        int imageBytes = imageBytes();
        return Arrays.copyOfRange(pixels, index * imageBytes, (index + 1) * imageBytes);
    }

    private static int[] range(int from, int to) {
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return indices;
    }

    @Override
    public String toString() {
        return String.format("ImageSplit[%s: %,d images of %dx%dx%d, %d classes]",
                name(), labels.length, channels(), height(), width(), classNames.size());
    }
}
