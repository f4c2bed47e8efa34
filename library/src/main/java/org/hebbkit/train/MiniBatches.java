package org.hebbkit.train;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The mini-batches of one epoch: index arrays of at most {@code batchSize}, in a seeded random order
 * (Fisher-Yates) or in stored order.
 */
final class MiniBatches {

    private final int[] order;
    private final int batchSize;

    private MiniBatches(int[] order, int batchSize) {
        this.order = order;
        this.batchSize = batchSize;
    }

    /** One epoch in a new random order drawn from {@code random}. */
    static MiniBatches shuffled(int size, int batchSize, SplittableRandom random) {
        return new MiniBatches(permutation(size, random), batchSize);
    }

    /** One epoch in stored order. */
    static MiniBatches inOrder(int size, int batchSize) {
        return new MiniBatches(LabelledImages.range(0, size), batchSize);
    }

    /** Batches in the epoch. */
    long count() {
        return (order.length + batchSize - 1) / batchSize;
    }

    /** The indices of 0-based batch {@code batch}. */
    int[] batch(long batch) {
        int from = (int) (batch * batchSize);
        return Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
    }

    /** Examples done once batch {@code batch} (0-based) is done. */
    int doneAfter(long batch) {
        return (int) Math.min(order.length, (batch + 1) * batchSize);
    }

    /** Fisher-Yates over {@code 0 .. n-1}. */
    static int[] permutation(int n, SplittableRandom random) {
        int[] order = LabelledImages.range(0, n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
