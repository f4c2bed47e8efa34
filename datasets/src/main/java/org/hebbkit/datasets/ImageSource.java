package org.hebbkit.datasets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Labelled images that are read batch by batch: a split held in memory ({@link ImageSplit}) or one too large for
 * memory that stays on disk and is read a batch or a chunk at a time (STL-10's 100,000 unlabeled images,
 * {@link Stl10}; ImageNet's folders, {@link ImageFolderDataset}). What a source holds at once is its own
 * {@link #heldBytes()} plus what the caller asks for: {@code images(manager, indices)} builds {@code indices.length}
 * images, {@code chunk(from, to)} copies {@code to - from}.
 *
 * <pre>{@code
 * try (ImageSource unlabeled = Stl10.builder().optSplit(Split.UNLABELED).build().prepareSource()) {
 *     NDArray batch = unlabeled.images(scope, new int[] {7, 99_999});   // [2, 3, 96, 96] float32 in [0, 1]
 *     ImageSplit first = unlabeled.chunk(0, 1000);                      // 1,000 images as bytes
 * }
 * }</pre>
 *
 * <p>Call order: read as often as wanted, then {@link #close()} (which frees open files; a closed source is not
 * read again).
 */
public interface ImageSource extends AutoCloseable {

    /** What the source is, for messages ({@code "stl-10 unlabeled"}). */
    String name();

    /** Number of images. */
    int size();

    /** Channels per image. */
    int channels();

    /** Image height in pixels. */
    int height();

    /** Image width in pixels. */
    int width();

    /** Class names, index = label (an unlabeled split has one class, {@code "unlabeled"}, and every label 0). */
    List<String> classNames();

    /** The label of image {@code index}. */
    int label(int index);

    /**
     * The images at {@code indices} as float32 {@code [indices.length, C, H, W]} in [0, 1], on {@code manager}.
     *
     * @throws java.io.UncheckedIOException when a file cannot be read (the message names it and the fix)
     */
    NDArray images(NDManager manager, int[] indices);

    /**
     * Images {@code [from, to)} with their labels, as bytes in memory.
     *
     * @throws java.io.UncheckedIOException when a file cannot be read (the message names it and the fix)
     */
    ImageSplit chunk(int from, int to);

    /**
     * The images at {@code indices}, in that order, with their labels, as bytes in memory (one image read at a time).
     *
     * @throws java.io.UncheckedIOException when a file cannot be read (the message names it and the fix)
     */
    default ImageSplit gather(int[] indices, String newName) {
        int imageBytes = channels() * height() * width();
        byte[] pixels = new byte[Math.multiplyExact(indices.length, imageBytes)];
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            ImageSplit one = chunk(indices[i], indices[i] + 1);
            System.arraycopy(one.imagePixels(0), 0, pixels, i * imageBytes, imageBytes);
            labels[i] = one.label(0);
        }
        return new ImageSplit(newName, pixels, labels, channels(), height(), width(), classNames());
    }

    /** Bytes this source keeps in memory between calls (a split's pixels and labels; a file-backed source's index). */
    default long heldBytes() {
        return 0;
    }

    /** Releases open files; does not throw. */
    @Override
    void close();
}
