package org.hebbkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Features cached in one native array {@code [N, F]}, float16 by default: frozen Hebbian blocks are
 * deterministic, so a probe of 50 epochs can read them 50 times instead of recomputing the network
 * (CIFAR-10 3-layer: 50,000 x 24,576 half-precision values = 2.46 GB).
 *
 * <p>Close to free the native memory.
 */
public final class Features implements FeatureSource, AutoCloseable {

    private final NDManager manager;
    private final NDArray values;
    private final int[] labels;

    Features(NDManager manager, NDArray values, int[] labels) {
        this.manager = manager;
        this.values = values;
        this.labels = labels;
    }

    /**
     * Wraps features computed elsewhere (another extractor, a file, a benchmark).
     *
     * @param values {@code [N, F]}, float16 or float32; the cache takes ownership (it is moved to a new
     *     sub-manager of its manager and freed by {@link #close()})
     * @param labels {@code N} class indices, copied
     */
    public static Features of(NDArray values, int[] labels) {
        Shape shape = values.getShape();
        if (shape.dimension() != 2 || shape.get(0) != labels.length) {
            throw new IllegalArgumentException("features must be [N, F] with N = " + labels.length
                    + " (one row per label), got " + shape);
        }
        DataType type = values.getDataType();
        if (type != DataType.FLOAT16 && type != DataType.FLOAT32) {
            throw new IllegalArgumentException("features must be float16 or float32, got " + type
                    + "; convert with values.toType(DataType.FLOAT32, false)");
        }
        NDManager manager = values.getManager().newSubManager();
        values.attach(manager);
        return new Features(manager, values, labels.clone());
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int featureCount() {
        return (int) values.getShape().get(1);
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    /** The stored element type (float16 or float32). */
    public DataType dataType() {
        return values.getDataType();
    }

    /** Bytes of native memory the cache holds. */
    public long bytes() {
        return values.getShape().size() * values.getDataType().getNumOfBytes();
    }

    @Override
    public NDArray rows(NDManager scope, int[] indices) {
        NDArray picked = values.get(scope.create(indices));
        picked.attach(scope);
        return picked.toType(DataType.FLOAT32, false);
    }

    /** Whether the cache lives in CPU memory. */
    boolean onCpu() {
        return values.getDevice().equals(ai.djl.Device.cpu());
    }

    /**
     * The cache's memory as it is, for code that reads it from Java ({@link FusedProbe}): direct views of blocks of
     * whole rows, each under 2 GiB (a Java buffer's limit), in the machine's byte order; nothing is copied.
     *
     * @param blocks the views; row {@code r} is row {@code r mod rowsPerBlock} of block {@code r / rowsPerBlock}
     * @param rowsPerBlock rows in each block (the last may hold fewer)
     * @param half float16 values (else float32)
     */
    record RowBlocks(java.nio.ByteBuffer[] blocks, int rowsPerBlock, boolean half) {

        /** 2 for float16, 4 for float32. */
        int bytesPerValue() {
            return half ? 2 : 4;
        }
    }

    private RowBlocks rowBlocks;
    private long blockBytes = Integer.MAX_VALUE - 64;

    /** Caps the bytes of each {@link RowBlocks} view (tests: several blocks without a cache of 2 GiB). */
    Features limitBlockBytes(long bytes) {
        blockBytes = bytes;
        rowBlocks = null;
        return this;
    }

    /** {@link RowBlocks} of this cache (CPU only), made on first use and kept until {@link #close()}. */
    synchronized RowBlocks rowBlocks() {
        if (rowBlocks == null) {
            if (!onCpu()) {
                throw new IllegalStateException("the feature cache is on " + values.getDevice()
                        + "; only a cache in CPU memory can be read from Java");
            }
            int size = size();
            long rowBytes = (long) featureCount() * values.getDataType().getNumOfBytes();
            int rowsPerBlock = (int) Math.max(1, Math.min(size, blockBytes / rowBytes));
            java.nio.ByteBuffer[] blocks = new java.nio.ByteBuffer[(size + rowsPerBlock - 1) / rowsPerBlock];
            for (int b = 0; b < blocks.length; b++) {
                int from = b * rowsPerBlock;
                int to = Math.min(size, from + rowsPerBlock);
                NDArray view = blocks.length == 1 ? values : values.get(new ai.djl.ndarray.index.NDIndex(from + ":" + to));
                if (view != values) {
                    view.attach(manager);
                }
                java.nio.ByteBuffer buffer = view.toByteBuffer(true);
                if (!buffer.isDirect()) {
                    throw new IllegalStateException("the engine gave a copy, not a view, of the feature cache");
                }
                blocks[b] = buffer.order(java.nio.ByteOrder.nativeOrder());
            }
            rowBlocks = new RowBlocks(blocks, rowsPerBlock, values.getDataType() == DataType.FLOAT16);
        }
        return rowBlocks;
    }

    @Override
    public void close() {
        manager.close();
    }
}
