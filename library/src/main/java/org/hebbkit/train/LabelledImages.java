package org.hebbkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Any source of labelled images the trainers can read: a size, a label per image, and batches as
 * {@code [n, C, H, W]} float32 arrays built on a given manager. HebbKit's datasets module offers this
 * shape ({@code ImageSplit::images}); so can your own data.
 *
 * <pre>{@code
 * LabelledImages data = LabelledImages.of(split.size(), split::label, split::images);
 * }</pre>
 */
public interface LabelledImages {

    /** Number of images. */
    int size();

    /** Class of image {@code index}. */
    int label(int index);

    /**
     * @param manager owns the result (a per-batch scope)
     * @param indices which images
     * @return {@code [indices.length, C, H, W]} float32
     */
    NDArray images(NDManager manager, int[] indices);

    /** Adapts three functions into a source. */
    static LabelledImages of(int size, java.util.function.IntUnaryOperator label,
            java.util.function.BiFunction<NDManager, int[], NDArray> images) {
        return new LabelledImages() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public int label(int index) {
                return label.applyAsInt(index);
            }

            @Override
            public NDArray images(NDManager manager, int[] indices) {
                return images.apply(manager, indices);
            }
        };
    }

    /** The indices {@code [from, to)}. */
    static int[] range(int from, int to) {
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return indices;
    }
}
