package org.hebbkit.datasets.transform;

import java.util.SplittableRandom;

/**
 * Seeded permutations: the same seed gives the same order on every machine and JVM, because
 * {@link SplittableRandom}'s sequence is specified by its algorithm (SplitMix64).
 *
 * <pre>{@code
 * int[] order = Shuffle.permutation(train.size(), seed);
 * }</pre>
 */
public final class Shuffle {

    private Shuffle() {}

    /** A uniformly random permutation of {@code 0 .. n-1} (Fisher-Yates), determined by {@code seed}. */
    public static int[] permutation(int n, long seed) {
        return permutation(n, new SplittableRandom(seed));
    }

    /** A uniformly random permutation of {@code 0 .. n-1} (Fisher-Yates) drawn from {@code random}. */
    public static int[] permutation(int n, SplittableRandom random) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be non-negative, got " + n);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
