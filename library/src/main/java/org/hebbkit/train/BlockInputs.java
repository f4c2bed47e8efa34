package org.hebbkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.nn.HebbianBlock;

/**
 * The input of one Hebbian block for every image of a training set, computed once by the frozen blocks below it
 * and kept in float16, so that in successive training a frozen lower block's output for an image is computed
 * once, not again in every later stage and again for feature extraction.
 *
 * <p>Shapes: block {@code k}'s inputs are {@code [N, C, H, W]}, the output of blocks {@code [0, k)} in inference
 * mode after the network's preprocessing ({@link HebbianNetwork#forward(NDArray, int)}), each block's output kept in
 * float16 before the next block reads it. They are stored in chunks
 * of {@value #CHUNK} images; a chunk holding a value beyond float16's range (|x| above 65,504) is kept in float32,
 * so nothing becomes infinite. Reads return float32. Rounding to float16 changes a value by at most 2^-11 of it
 * (about 0.05 %).
 *
 * <p>Memory: one set of inputs at a time. {@link #next} (the inputs of the block above) and
 * {@link FeatureExtractor#extract(HebbianNetwork, BlockInputs, int, DataType, TrainingListener, String)} read the
 * chunks in order and free each one as soon as it has been read. SoftHebb's CIFAR-10 3-layer preset: block 2's
 * inputs are 50,000 x 96 x 16 x 16, block 3's 50,000 x 384 x 8 x 8 (2.46 GB each in float16).
 *
 * <pre>{@code
 * try (BlockInputs second = BlockInputs.compute(network, train, 1, 50, null)) {   // blocks 0 run once
 *     BlockInputs third = second.next(network, 50, null);                          // block 1 runs once; second is freed
 *     ...
 * }
 * }</pre>
 */
public final class BlockInputs implements AutoCloseable {

    /** Images per stored chunk: 1,000 (CIFAR-10 3-layer: 49 MB per chunk in float16). */
    public static final int CHUNK = 1000;

    /** The largest finite float16 value. */
    private static final float FLOAT16_MAX = 65504f;

    private final NDManager manager;
    private final int block;
    private final int[] labels;
    private final NDArray[] chunks;
    /** Chunks {@code [0, released)} were freed by an in-order read. */
    private int released;

    /** Computes one batch of inputs: rows {@code [from, to)} as float32 on {@code scope}. */
    @FunctionalInterface
    interface BatchSource {
        NDArray rows(NDManager scope, int from, int to);
    }

    private BlockInputs(NDManager manager, int block, int[] labels) {
        this.manager = manager;
        this.block = block;
        this.labels = labels;
        this.chunks = new NDArray[(labels.length + CHUNK - 1) / CHUNK];
    }

    /**
     * The inputs of {@code block} for every image of {@code data}: the images preprocessed and run through block 1,
     * then each block up to {@code block} over the kept output of the one below ({@link #next}), each once, in stored
     * order. Successive training computes them one stage at a time the same way, so a run continued from saved
     * progress gets the same values.
     *
     * @param network the network; its blocks below {@code block} are frozen for as long as these inputs are used
     * @param data the images
     * @param block 0-based block, from 1 to the number of blocks (the number of blocks: the last block's output)
     * @param batchSize images per forward pass
     * @param listener hears a stage {@code "block inputs " + (k + 1) + "/" + blocks} for each block {@code k} from 1
     *     to {@code block}; may be {@code null}
     */
    public static BlockInputs compute(HebbianNetwork network, LabelledImages data, int block, int batchSize,
            TrainingListener listener) {
        int blocks = network.blocks().size();
        if (block < 1 || block > blocks) {
            throw new IllegalArgumentException("block must be from 1 to " + blocks + " (the blocks below it compute its"
                    + " inputs), got " + block);
        }
        int[] labels = new int[data.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.label(i);
        }
        BlockInputs inputs = build(network.manager(), network::newScope, 1, labels, batchSize, listener, blocks,
                (scope, from, to) -> network.forward(data.images(scope, LabelledImages.range(from, to)), 1));
        while (inputs.block() < block) {
            inputs = inputs.next(network, batchSize, listener);
        }
        return inputs;
    }

    /**
     * The inputs of the block above: this block, frozen, run once over these inputs in inference mode. Reads these
     * inputs in order and frees each chunk once read; afterwards these inputs are closed.
     *
     * @param network the network these inputs were computed for
     * @param batchSize images per forward pass
     * @param listener hears a stage {@code "block inputs " + (block() + 2) + "/" + blocks}; may be {@code null}
     */
    public BlockInputs next(HebbianNetwork network, int batchSize, TrainingListener listener) {
        int blocks = network.blocks().size();
        if (block >= blocks) {
            throw new IllegalStateException("these are the outputs of the last block (" + blocks + "); there is no"
                    + " block above");
        }
        HebbianBlock below = network.blocks().get(block);
        try {
            return build(network.manager(), network::newScope, block + 1, labels, batchSize, listener, blocks,
                    (scope, from, to) -> below.forward(take(scope, from, to), HebbianBlock.Phase.INFER));
        } finally {
            close();
        }
    }

    /**
     * @param parent owns the inputs' manager
     * @param scopes a new scope per batch: {@link HebbianNetwork#newScope()}, so that what the blocks compute from
     *     their weights is freed with the batch, not left in the network's manager
     */
    static BlockInputs build(NDManager parent, java.util.function.Supplier<NDManager> scopes, int block, int[] labels,
            int batchSize, TrainingListener listener, int blocks, BatchSource source) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        TrainingListener events = listener == null ? new TrainingListener() {} : listener;
        String stage = "block inputs " + (block + 1) + "/" + blocks;
        long batches = (labels.length + batchSize - 1) / batchSize;
        events.stageStarted(new TrainingEvents.StageStarted(stage, 1, batches, labels.length));
        long start = System.nanoTime();
        BlockInputs inputs = new BlockInputs(parent.newSubManager(), block, labels.clone());
        try {
            for (long batch = 0; batch < batches; batch++) {
                int from = (int) (batch * batchSize);
                int to = Math.min(labels.length, from + batchSize);
                try (NDManager scope = scopes.get()) {
                    inputs.store(scope, from, source.rows(scope, from, to));
                }
                events.batchFinished(new TrainingEvents.BatchFinished(stage, 1, batch + 1, batches, to,
                        (System.nanoTime() - start) / 1e9));
            }
        } catch (RuntimeException e) {
            inputs.close();
            throw e;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        events.epochFinished(new TrainingEvents.EpochFinished(stage, 1, java.util.Map.of("seconds", seconds),
                java.util.List.of()));
        events.stageFinished(new TrainingEvents.StageFinished(stage, seconds, labels.length));
        return inputs;
    }

    /** Writes rows {@code [from, from + n)}; rows arrive in order, so a chunk is created when its first row comes. */
    private void store(NDManager scope, int from, NDArray rows) {
        int n = (int) rows.getShape().get(0);
        if (n == 0) {
            return;
        }
        Shape item = rows.getShape().slice(1);
        boolean wide = rows.abs().max().getFloat() > FLOAT16_MAX;
        int offset = 0;
        while (offset < n) {
            int row = from + offset;
            int c = row / CHUNK;
            int inChunk = row - c * CHUNK;
            int count = Math.min(n - offset, CHUNK - inChunk);
            if (chunks[c] == null) {
                int rowsInChunk = Math.min(CHUNK, labels.length - c * CHUNK);
                // uninitialised (every row is written before it is read): pages become resident as rows are written
                chunks[c] = manager.create(new Shape(rowsInChunk).addAll(item), wide ? DataType.FLOAT32 : DataType.FLOAT16);
            } else if (wide && chunks[c].getDataType() == DataType.FLOAT16) {
                NDArray widened = chunks[c].toType(DataType.FLOAT32, true);
                chunks[c].close();
                chunks[c] = widened;
            }
            NDArray part = count == n ? rows : rows.get(new NDIndex("{}:{}", offset, offset + count));
            chunks[c].set(new NDIndex("{}:{}", inChunk, inChunk + count), part.toType(chunks[c].getDataType(), false));
            offset += count;
        }
    }

    /** The 0-based block these are the inputs of (the number of blocks: the network's output). */
    public int block() {
        return block;
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Class of image {@code index}. */
    public int label(int index) {
        return labels[index];
    }

    /** Bytes of native memory held now (chunks freed by in-order reads no longer count). */
    public long bytes() {
        long bytes = 0;
        for (int c = released; c < chunks.length; c++) {
            if (chunks[c] != null) {
                bytes += chunks[c].getShape().size() * chunks[c].getDataType().getNumOfBytes();
            }
        }
        return bytes;
    }

    /**
     * The inputs of some images, in any order (a shuffled training batch).
     *
     * @param scope owns the result
     * @param indices which images
     * @return {@code [indices.length, C, H, W]} float32
     */
    public NDArray rows(NDManager scope, int[] indices) {
        NDList picked = new NDList(indices.length);
        for (int index : indices) {
            if (index < 0 || index >= labels.length) {
                throw new IndexOutOfBoundsException("image " + index + " of " + labels.length);
            }
            picked.add(onScope(scope, chunk(index / CHUNK).get(index % CHUNK)));
        }
        return NDArrays.stack(picked);
    }

    /** A view of a chunk moved to the scope, and as float32 there (a copy unless it is float32 already). */
    private static NDArray onScope(NDManager scope, NDArray view) {
        view.attach(scope);
        return view.toType(DataType.FLOAT32, false);
    }

    /**
     * Rows {@code [from, to)} read in order, freeing every chunk that ends at or before {@code to}: an in-order pass
     * calls it with consecutive ranges, after which these inputs hold nothing.
     *
     * @return {@code [to - from, C, H, W]} float32 on {@code scope}
     */
    NDArray take(NDManager scope, int from, int to) {
        NDList parts = new NDList();
        for (int row = from; row < to; ) {
            int c = row / CHUNK;
            int end = Math.min(to, (c + 1) * CHUNK);
            // a view keeps its storage alive (libtorch counts references), so the chunk may be freed below
            parts.add(onScope(scope, chunk(c).get(new NDIndex("{}:{}", row - c * CHUNK, end - c * CHUNK))));
            row = end;
        }
        NDArray result = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts);
        while (released < chunks.length && Math.min(labels.length, (released + 1) * CHUNK) <= to) {
            chunks[released].close();
            chunks[released] = null;
            released++;
        }
        return result;
    }

    /** Arrays in these inputs' own manager: the chunks alone, whatever was read (reads leave nothing behind). */
    int arraysHeld() {
        return manager.getManagedArrays().size();
    }

    private NDArray chunk(int c) {
        if (c < released || chunks[c] == null) {
            throw new IllegalStateException("inputs of block " + (block + 1) + ", images " + c * CHUNK + " to "
                    + Math.min(labels.length, (c + 1) * CHUNK) + ": already freed by an in-order read (next() or "
                    + "feature extraction consume the inputs)");
        }
        return chunks[c];
    }

    @Override
    public void close() {
        manager.close();
        java.util.Arrays.fill(chunks, null);
        released = chunks.length;
    }
}
