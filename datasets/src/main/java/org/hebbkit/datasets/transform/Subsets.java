package org.hebbkit.datasets.transform;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.hebbkit.datasets.ImageSplit;

/**
 * Smaller splits for quick runs: the first or last {@code n} images, or a class-balanced random subset.
 *
 * <pre>{@code
 * ImageSplit small = Subsets.classBalanced(train, 100, 0);   // 100 images of each class
 * }</pre>
 */
public final class Subsets {

    private Subsets() {}

    /** The first {@code n} images, in order. */
    public static ImageSplit firstN(ImageSplit split, int n) {
        if (n < 0 || n > split.size()) {
            throw new IllegalArgumentException("n must lie in [0, " + split.size() + "] for " + split.name() + ", got " + n);
        }
        int[] indices = new int[n];
        Arrays.setAll(indices, i -> i);
        return split.select(indices, split.name() + " first " + n);
    }

    /** The last {@code n} images, in order (a validation set held out of a training split). */
    public static ImageSplit lastN(ImageSplit split, int n) {
        if (n < 0 || n > split.size()) {
            throw new IllegalArgumentException("n must lie in [0, " + split.size() + "] for " + split.name() + ", got " + n);
        }
        int[] indices = new int[n];
        Arrays.setAll(indices, i -> split.size() - n + i);
        return split.select(indices, split.name() + " last " + n);
    }

    /**
     * {@code perClass} images of every class, chosen at random with {@code seed}, kept in their original order.
     *
     * @throws IllegalArgumentException when a class has fewer than {@code perClass} images
     */
    public static ImageSplit classBalanced(ImageSplit split, int perClass, long seed) {
        if (perClass < 0) {
            throw new IllegalArgumentException("perClass must be non-negative, got " + perClass);
        }
        int[] counts = split.classCounts();
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] < perClass) {
                throw new IllegalArgumentException(String.format(
                        "perClass %d is more than the %d images of class %d (%s) in %s",
                        perClass, counts[c], c, split.classNames().get(c), split.name()));
            }
        }
        int[] order = Shuffle.permutation(split.size(), new SplittableRandom(seed));
        int[] taken = new int[counts.length];
        boolean[] chosen = new boolean[split.size()];
        for (int index : order) {
            int label = split.label(index);
            if (taken[label] < perClass) {
                taken[label]++;
                chosen[index] = true;
            }
        }
        int[] indices = new int[perClass * counts.length];
        int next = 0;
        for (int i = 0; i < chosen.length; i++) {
            if (chosen[i]) {
                indices[next++] = i;
            }
        }
        return split.select(indices, split.name() + " balanced " + perClass + "/class seed " + seed);
    }
}
