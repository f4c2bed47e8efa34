package org.hebbkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Inverted dropout, as PyTorch's: each value is zeroed with probability {@code p} and the rest scaled by
 * {@code 1 / (1 - p)}. Srivastava et al. (2014).
 *
 * <p>The masks are counter-based: each array (a probe batch) takes one random long, its key, from a
 * {@link SplittableRandom}; value {@code i} of the array (row-major) is kept when {@code h(key, i)}, read as an unsigned
 * 32-bit number, is at least {@code round(p * 2^32)}, where {@code h = fmix32(fmix32(i ^ low(key)) ^ high(key))} and
 * {@code fmix32} is MurmurHash3's finaliser. So {@code p} is exact to 2^-32 (exact for 0.5), any value of any mask can
 * be computed on its own, in any order, on any thread (the fused probe computes them where it reads the features),
 * and the same seed gives the same masks on every engine, device and thread count.
 */
final class Dropout {

    private final double probability;
    private final int threshold;
    private final SplittableRandom random;
    private final ProbeKernel kernel = ProbeKernel.best();

    /**
     * @param probability chance of dropping each value, in [0, 1); 0 disables dropout
     * @param random source of the keys (the dropout owns it from now on)
     */
    Dropout(double probability, SplittableRandom random) {
        if (!(probability >= 0 && probability < 1)) {
            throw new IllegalArgumentException("dropout probability must lie in [0, 1), got " + probability);
        }
        this.probability = probability;
        this.threshold = threshold(probability);
        this.random = random;
    }

    /** {@code round(p * 2^32)} as an unsigned 32-bit number (at most 2^32 - 1). */
    static int threshold(double probability) {
        return (int) Math.min(Math.round(probability * 0x1p32), 0xFFFFFFFFL);
    }

    /** MurmurHash3's 32-bit finaliser (Appleby): every input bit affects every output bit. */
    static int fmix32(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ h >>> 16;
    }

    /** The 32 random bits of value {@code index} under {@code key}. */
    static int bits(long key, int index) {
        return fmix32(fmix32(index ^ (int) key) ^ (int) (key >>> 32));
    }

    /** Whether value {@code index} of the mask with {@code key} is kept, for a {@link #threshold}. */
    static boolean kept(long key, int index, int threshold) {
        return Integer.compareUnsigned(bits(key, index), threshold) >= 0;
    }

    /** Whether values are dropped at all ({@code p > 0}). */
    boolean active() {
        return probability > 0;
    }

    /** {@code 1 / (1 - p)}: the scale of the kept values. */
    double scale() {
        return 1 / (1 - probability);
    }

    /** {@link #threshold(double)} of this dropout's probability. */
    int threshold() {
        return threshold;
    }

    /** The key of the next mask (one random long). */
    long nextKey() {
        return random.nextLong();
    }

    /**
     * @param x any shape, float32
     * @param scope owns the mask and the result
     * @return {@code x * mask / (1 - p)}, or {@code x} itself when {@code p} is 0
     */
    NDArray apply(NDArray x, NDManager scope) {
        if (probability <= 0) {
            return x;
        }
        return x.mul(keep(scope, x.getShape())).muli(scale());
    }

    /**
     * The next mask, unscaled: a boolean array of {@code shape}, true where the value is kept. {@code x.muli(mask)}
     * then a factor {@link #scale()} applied wherever it is cheapest (a linear layer's output instead of its input)
     * gives {@link #apply}'s result.
     */
    NDArray keep(NDManager scope, Shape shape) {
        int values = Math.toIntExact(shape.size());
        byte[] mask = new byte[values];
        kernel.keepMask(nextKey(), threshold, 0, mask, values);
        try (NDArray bytes = scope.create(ByteBuffer.wrap(mask), shape, DataType.UINT8)) {
            return bytes.toType(DataType.BOOLEAN, false);
        }
    }

    /** Draws, and discards, the keys of {@code masks} masks: a continued probe skips the epochs already done. */
    void skip(long masks) {
        if (probability <= 0) {
            return;
        }
        for (long i = 0; i < masks; i++) {
            random.nextLong();
        }
    }
}
