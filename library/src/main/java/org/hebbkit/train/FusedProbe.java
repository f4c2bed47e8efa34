package org.hebbkit.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The probe's step on CPU, fused: for a batch of {@code B} rows, the features are read straight from the cache's
 * memory, widened to float32 and masked ({@link Dropout}'s masks, computed where they are used), the logits computed,
 * and the gradient and Adam's step applied, all in Java with no intermediate array per operation: memory is read
 * once, nothing is allocated per batch.
 *
 * <p>The {@code F} columns are cut into slices of {@value #SLICE}; the slices are the units of work spread over the
 * threads. Two passes per batch: (1) each slice loads its columns of the batch's rows and its partial logits
 * ({@link ProbeKernel#logitsPartial}); the partials are added in slice order, so the logits do not depend on the
 * number of threads; softmax, loss and {@code dL/dlogits = (softmax - onehot) / B} follow on the calling thread;
 * (2) each slice computes its columns' gradient {@code (dL/dlogits)^T x * 1/(1-p)} and applies Adam to them
 * ({@link ProbeKernel#gradientAdam}). The bias takes the same Adam step with gradient {@code sum_i dL/dlogits_i}.
 * The result is the engine formulation's up to rounding ({@code ProbeFormulationTest}), identical for any thread
 * count and for both kernels.
 */
final class FusedProbe implements AutoCloseable {

    /** Columns per unit of work. */
    static final int SLICE = 512;

    private final ProbeKernel kernel;
    private final Features.RowBlocks rows;
    private final int features;
    private final int classes;
    private final int slices;
    private final float[] weight;
    private final float[] bias;
    private final float[][] moments;
    private final float[] x;
    private final float[] lanes;
    private final float[] rest;
    private final float[] d;
    private final float[] logits;
    private final ForkJoinPool pool;

    /** The vector kernel, or {@code null} when this JVM lacks the vector API (see {@link ProbeKernel#vectorOrNull}). */
    static final ProbeKernel VECTOR = ProbeKernel.vectorOrNull();

    /**
     * Whether {@code source} is trained on by this class: a float16 or float32 {@link Features} cache in CPU memory, in a
     * JVM with the vector API.
     */
    static boolean supports(FeatureSource source, NDManager manager) {
        return VECTOR != null && source instanceof Features cache && manager.getDevice().equals(Device.cpu())
                && cache.onCpu() && (cache.dataType() == DataType.FLOAT16 || cache.dataType() == DataType.FLOAT32);
    }

    /**
     * @param train the features (see {@link #supports})
     * @param weight initial weights {@code [classes * F]}, taken over (updated in place)
     * @param bias initial bias {@code [classes]}, taken over
     * @param moments Adam's moments of weight (first, second) then of bias, taken over
     * @param maxBatch the largest batch
     * @param threads threads to spread the slices over (1: the calling thread alone)
     * @param kernel the arithmetic
     */
    FusedProbe(Features train, float[] weight, float[] bias, float[][] moments, int maxBatch, int threads,
            ProbeKernel kernel) {
        this.kernel = kernel;
        this.rows = train.rowBlocks();
        this.features = train.featureCount();
        this.classes = bias.length;
        if ((long) maxBatch * features > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a probe batch of " + maxBatch + " x " + features
                    + " features exceeds 2^31 values; lower probe.batchSize");
        }
        this.slices = (features + SLICE - 1) / SLICE;
        this.weight = weight;
        this.bias = bias;
        this.moments = moments;
        this.x = new float[maxBatch * features];
        this.lanes = new float[slices * maxBatch * classes * ProbeKernel.LANES];
        this.rest = new float[slices * maxBatch * classes];
        this.d = new float[maxBatch * classes];
        this.logits = new float[maxBatch * classes];
        this.pool = threads > 1 ? new ForkJoinPool(threads) : null;
    }

    /**
     * The threads the fused probe uses: the engine's ({@link org.hebbkit.engine.MatMul#engineThreads()}:
     * {@code ai.djl.pytorch.num_threads} when set, as {@code --threads} does, else one per core).
     */
    static int defaultThreads() {
        return org.hebbkit.engine.MatMul.engineThreads();
    }

    /** What one batch gave before its step: the summed loss and the number of rows classified right. */
    record BatchOutcome(double lossSum, int correct) {}

    /**
     * One Adam step on a batch.
     *
     * @param indices the batch's rows of the cache
     * @param labels their classes
     * @param dropout the masks ({@link Dropout#nextKey()} is drawn once when active)
     * @param rate the learning rate
     * @param step Adam's step count, from 1
     */
    BatchOutcome step(int[] indices, int[] labels, Dropout dropout, double rate, long step) {
        int batch = indices.length;
        boolean drop = dropout.active();
        long key = drop ? dropout.nextKey() : 0;
        float scale = drop ? (float) dropout.scale() : 1f;
        BatchOutcome outcome = forward(indices, labels, key, dropout.threshold(), drop, scale);
        double lossSum = outcome.lossSum();
        if (!Double.isFinite(lossSum)) {
            return outcome;
        }
        ProbeKernel.AdamStep adam = adamStep(rate, step);
        forEachSlice(s -> {
            int first = s * SLICE;
            int width = Math.min(SLICE, features - first);
            kernel.gradientAdam(x, batch * first, width, batch, d, classes, scale, weight, moments[0], moments[1],
                    first, features, adam);
        });
        for (int c = 0; c < classes; c++) {
            float gradient = 0;
            for (int i = 0; i < batch; i++) {
                gradient += d[i * classes + c];
            }
            ScalarProbeKernel.adamStep(gradient, bias, moments[2], moments[3], c, adam);
        }
        return outcome;
    }

    /**
     * Loads the batch (masked when {@code drop}), computes its logits, loss and correct count, and leaves
     * {@code dL/dlogits} in {@link #d}.
     */
    private BatchOutcome forward(int[] indices, int[] labels, long key, int threshold, boolean drop, float scale) {
        int batch = indices.length;
        forEachSlice(s -> {
            int first = s * SLICE;
            int width = Math.min(SLICE, features - first);
            int xOffset = batch * first;
            for (int i = 0; i < batch; i++) {
                int row = indices[i];
                ByteBuffer block = rows.blocks()[row / rows.rowsPerBlock()];
                int byteOffset = ((row % rows.rowsPerBlock()) * features + first) * rows.bytesPerValue();
                kernel.load(block, byteOffset, rows.half(), x, xOffset + i * width, width, i * features + first, key,
                        threshold, drop);
            }
            kernel.logitsPartial(x, xOffset, width, batch, weight, first, features, classes, lanes,
                    s * batch * classes * ProbeKernel.LANES, rest, s * batch * classes);
        });
        double lossSum = 0;
        int correct = 0;
        for (int i = 0; i < batch; i++) {
            int label = labels[i];
            float largest = Float.NEGATIVE_INFINITY;
            int best = 0;
            for (int c = 0; c < classes; c++) {
                int at = i * classes + c;
                float sum = kernel.sumSlices(lanes, at * ProbeKernel.LANES, batch * classes * ProbeKernel.LANES, rest,
                        at, batch * classes, slices);
                float logit = sum * scale + bias[c];
                logits[at] = logit;
                if (logit > largest) {
                    largest = logit;
                    best = c;
                }
            }
            correct += best == label ? 1 : 0;
            double total = 0;
            for (int c = 0; c < classes; c++) {
                total += Math.exp(logits[i * classes + c] - largest);
            }
            lossSum += Math.log(total) - (logits[i * classes + label] - largest);
            for (int c = 0; c < classes; c++) {
                double probability = Math.exp(logits[i * classes + c] - largest) / total;
                d[i * classes + c] = (float) ((probability - (c == label ? 1 : 0)) / batch);
            }
        }
        return new BatchOutcome(lossSum, correct);
    }

    /**
     * {@link ReadoutScore} of a readout on a CPU {@link Features} cache, computed as the fused step's forward pass (no
     * dropout), {@code batch} rows at a time: accuracy as the engine gives it but for ties within rounding, the loss
     * up to rounding.
     */
    static ReadoutScore score(org.hebbkit.model.LinearReadout readout, Features data, int batch, int threads,
            ProbeKernel kernel) {
        int classes = readout.classes();
        int features = data.featureCount();
        float[][] noMoments = {new float[0], new float[0], new float[0], new float[0]};
        try (FusedProbe probe = new FusedProbe(data, readout.weight().toFloatArray(), readout.bias().toFloatArray(),
                noMoments, batch, threads, kernel)) {
            double lossSum = 0;
            long correct = 0;
            for (int from = 0; from < data.size(); from += batch) {
                int to = Math.min(data.size(), from + batch);
                int[] indices = LabelledImages.range(from, to);
                int[] labels = new int[indices.length];
                for (int i = 0; i < indices.length; i++) {
                    labels[i] = data.label(indices[i]);
                }
                BatchOutcome outcome = probe.forward(indices, labels, 0, 0, false, 1f);
                lossSum += outcome.lossSum();
                correct += outcome.correct();
            }
            return new ReadoutScore((double) correct / data.size(), lossSum / data.size());
        }
    }

    /** Writes the weights, bias and moments into the engine's arrays (after an epoch, for testing and saving). */
    void writeTo(org.hebbkit.model.LinearReadout readout, ai.djl.ndarray.NDArray[] engineMoments) {
        readout.weight().set(weight);
        readout.bias().set(bias);
        for (int k = 0; k < moments.length; k++) {
            engineMoments[k].set(moments[k]);
        }
    }

    /** Adam's constants at {@code step} (PyTorch's, no weight decay: beta1 0.9, beta2 0.999, eps 1e-8). */
    static ProbeKernel.AdamStep adamStep(double rate, long step) {
        double correction1 = 1 - Math.pow(LinearProbe.BETA1, step);
        double correction2 = Math.sqrt(1 - Math.pow(LinearProbe.BETA2, step));
        return new ProbeKernel.AdamStep(LinearProbe.BETA1, 1 - LinearProbe.BETA1, LinearProbe.BETA2,
                1 - LinearProbe.BETA2, (float) correction2, LinearProbe.EPSILON, (float) (rate / correction1));
    }

    private void forEachSlice(java.util.function.IntConsumer work) {
        if (pool == null) {
            for (int s = 0; s < slices; s++) {
                work.accept(s);
            }
        } else {
            pool.submit(() -> IntStream.range(0, slices).parallel().forEach(work)).join();
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
