package org.hebbkit.datasets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/**
 * What every {@link ImageSource} states about itself, held once (its name and image shape {@code [C, H, W]}), and
 * the steps every source shares: index and range checks, and the end of a batch, uint8 pixels to float32
 * {@code [n, C, H, W]} in [0, 1]. A source extends it with where its pixels come from ({@link ImageSplit}: memory;
 * {@link RecordFileImages}: a file of records; {@link ImageFolderImages}: image files).
 *
 * <pre>{@code
 * public NDArray images(NDManager manager, int[] indices) {
 *     return scaled(manager, readPixels(indices), indices.length);   // [indices.length, C, H, W]
 * }
 * }</pre>
 */
public abstract class AbstractImageSource implements ImageSource {

    private final String name;
    private final int channels;
    private final int height;
    private final int width;

    /**
     * @param name what the images are, for messages ({@code "stl-10 unlabeled"})
     * @param channels channels per image
     * @param height image height in pixels
     * @param width image width in pixels
     */
    protected AbstractImageSource(String name, int channels, int height, int width) {
        this.name = Objects.requireNonNull(name, "name");
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /** What the images are, e.g. {@code "cifar-10 train"}. */
    @Override
    public final String name() {
        return name;
    }

    /** Channels per image. */
    @Override
    public final int channels() {
        return channels;
    }

    /** Image height in pixels. */
    @Override
    public final int height() {
        return height;
    }

    /** Image width in pixels. */
    @Override
    public final int width() {
        return width;
    }

    /** Bytes per image: {@code channels * height * width}. */
    public final int imageBytes() {
        return channels * height * width;
    }

    /** Shape of one image, {@code [channels, height, width]}. */
    public final Shape imageShape() {
        return new Shape(channels, height, width);
    }

    /**
     * {@code images} images of uint8 pixels, {@code [images, C, H, W]} row-major, as float32 {@code pixel / 255} on
     * {@code manager}.
     */
    protected final NDArray scaled(NDManager manager, byte[] pixels, int images) {
        float[] values = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            values[i] = (pixels[i] & 0xff) / 255f;
        }
        return ImageSplit.fromHost(manager, values, new Shape(images, channels, height, width));
    }

    /**
     * Checks an image index.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < size()}
     */
    protected final void checkIndex(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("image index " + index + " outside [0, " + size() + ") of " + name);
        }
    }

    /**
     * Checks a range of images {@code [from, to)}.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= from <= to <= size()}
     */
    protected final void checkRange(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") outside [0, " + size() + ") of " + name);
        }
    }
}
