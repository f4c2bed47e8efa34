package org.hebbkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Inverted dropout, as PyTorch's: each value is zeroed with probability {@code p} and the rest scaled by
 * {@code 1 / (1 - p)}. Srivastava et al. (2014).
 *
 * <p>The mask is drawn in Java from a {@link SplittableRandom}: one 16-bit slice of a random long per
 * value, kept when the slice is at least {@code round(p * 65536)}, so {@code p} is exact to 1/65,536 (and
 * exact for 0.5). Value {@code i} of an array takes slice {@code i mod 4} (bits {@code 16 (i mod 4)} and up) of
 * long {@code i / 4}; when the count is not a multiple of 4, each of the last {@code count mod 4} values takes the
 * low slice of a long of its own. The same seed gives the same masks on every engine and device.
 *
 * <p>Only the random longs are made in Java: they are written as they are into one reused buffer, and the engine
 * compares all slices with the threshold at once (as byte pairs: one comparison of the high bytes when the
 * threshold is a multiple of 256, as for {@code p = 0.5}). Per value, Java does no work (a probe batch of
 * {@code [64, 24576]}: 393,216 longs).
 */
final class Dropout {

    private final double probability;
    private final int threshold;
    private final SplittableRandom random;

    /**
     * @param probability chance of dropping each value, in [0, 1); 0 disables dropout
     * @param random source of the masks (the dropout owns it from now on)
     */
    Dropout(double probability, SplittableRandom random) {
        if (!(probability >= 0 && probability < 1)) {
            throw new IllegalArgumentException("dropout probability must lie in [0, 1), got " + probability);
        }
        this.probability = probability;
        this.threshold = (int) Math.round(probability * 65536);
        this.random = random;
    }

    /** Whether values are dropped at all ({@code p > 0}). */
    boolean active() {
        return probability > 0;
    }

    /** {@code 1 / (1 - p)}: the scale of the kept values. */
    double scale() {
        return 1 / (1 - probability);
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
    NDArray keep(NDManager scope, ai.djl.ndarray.types.Shape shape) {
        int values = Math.toIntExact(shape.size());
        int full = values & ~3;
        ByteBuffer staging = staging(2 * values);
        for (int i = 0; i < full; i += 4) {
            staging.putLong(random.nextLong());
        }
        for (int i = full; i < values; i++) {
            staging.putShort((short) random.nextLong());
        }
        staging.flip();
        // each slice as two unsigned bytes, low then high (the engine has no 16-bit integers):
        // slice >= threshold  <=>  high > T_high, or high = T_high and low >= T_low
        int high = threshold >>> 8;
        int low = threshold & 0xFF;
        // the uint8 array shares the buffer's memory; the comparisons' results are new arrays, made before the next reuse
        try (NDArray bytes = onDevice(scope, staging, new ai.djl.ndarray.types.Shape(values, 2))) {
            NDArray highBytes = bytes.get(":, 1");
            NDArray kept = low == 0 ? highBytes.gte(high)
                    : highBytes.gt(high).logicalOr(highBytes.eq(high).logicalAnd(bytes.get(":, 0").gte(low)));
            return kept.reshape(shape);
        }
    }

    /**
     * Draws, and discards, what {@link #apply} would draw for an array of {@code values} elements: a continued probe
     * skips the masks of the epochs already done.
     */
    void skip(long values) {
        if (probability <= 0) {
            return;
        }
        long draws = values / 4 + values % 4;
        for (long i = 0; i < draws; i++) {
            random.nextLong();
        }
    }

    /** Per thread, the direct buffer masks are made in (grown when a mask needs more). */
    private static final ThreadLocal<ByteBuffer> STAGING = new ThreadLocal<>();

    /**
     * One reused direct buffer per thread, cleared, in the machine's byte order (so that slice {@code s} of a long
     * is int16 value {@code s} on the little-endian machines PyTorch runs on): {@code NDManager.create(byte[])}
     * would allocate a new direct buffer per call that only the garbage collector frees.
     */
    private static ByteBuffer staging(int bytes) {
        ByteBuffer staging = STAGING.get();
        if (staging == null || staging.capacity() < bytes) {
            staging = ByteBuffer.allocateDirect(Math.max(bytes, 1 << 16)).order(ByteOrder.nativeOrder());
            STAGING.set(staging);
        }
        staging.clear();
        return staging;
    }

    private static NDArray onDevice(NDManager scope, ByteBuffer staging, ai.djl.ndarray.types.Shape shape) {
        if (scope.getDevice().equals(ai.djl.Device.cpu())) {
            return scope.create(staging, shape, DataType.UINT8);
        }
        // other devices: from a copy, so that the array owns its memory wherever the engine puts it
        ByteBuffer copy = ByteBuffer.allocate(staging.remaining()).order(ByteOrder.nativeOrder());
        copy.put(staging).flip();
        return scope.create(copy, shape, DataType.UINT8);
    }
}
