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

    @Override
    public void close() {
        manager.close();
    }
}
