package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * A batch of a 3 x 3, stride-1, undilated convolution's input cut into overlapping 4 x 4 tiles and
 * transformed for Winograd's minimal filtering F(2 x 2, 3 x 3) (Lavin and Gray (2016), "Fast algorithms
 * for convolutional neural networks", CVPR): each tile gives a 2 x 2 block of outputs with 16
 * multiplications per (neuron, channel) instead of 36, so the response and the Hebbian term, the two
 * products of a learning step, cost 2.25 times fewer multiplications than with {@link Patches}.
 *
 * <p>With the transforms {@code B^T} (4 x 4), {@code G} (4 x 3) and {@code A^T} (2 x 4) of F(2, 3), a tile
 * {@code d} (4 x 4), a neuron's kernel {@code g} (3 x 3) and the 2 x 2 block {@code a} of the rule's
 * modulation at the tile's outputs:
 * <pre>
 *   V = B^T d B                          kept here, [16, C, T]       (T tiles: batch x tile rows x tile columns)
 *   u block   = A^T [ (G g G^T) . V ] A    summed over channels       ({@link #respond})
 *   dW kernel = G^T [ (A a A^T) . V ] G    summed over tiles          ({@link #correlate})
 * </pre>
 * ({@code .} elementwise). The second line is the first's transpose in {@code g}: since {@code u = A^T M A}
 * with {@code M = U . V}, {@code sum a u = sum (A a A^T) . M}, whose derivative in {@code g} is the third
 * line; so the weight update reuses the forward pass's transformed input. The 16 elementwise products summed
 * over channels (or over tiles) are 16 matrix products, run as one batched product. An odd output side gets
 * a zero row or column of tiles' outputs that is dropped (and a zero modulation there).
 *
 * @param transformed {@code V}, {@code [16, C, T]}, {@code T = batch * tileRows * tileCols}, tiles ordered
 *     {@code b * tileRows * tileCols + i * tileCols + j}
 * @param batch images in the batch
 * @param outHeight output rows per image
 * @param outWidth output columns per image
 */
public record WinogradTiles(NDArray transformed, int batch, int outHeight, int outWidth) implements BatchInput {

    /** {@code B^T} of F(2, 3). */
    private static final float[][] BT = {{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}};
    /** {@code G} of F(2, 3). */
    private static final float[][] G = {{1, 0, 0}, {0.5f, 0.5f, 0.5f}, {0.5f, -0.5f, 0.5f}, {0, 0, 1}};
    /** {@code A^T} of F(2, 3). */
    private static final float[][] AT = {{1, 1, 1, 0}, {0, 1, -1, -1}};

    /** Side of an input tile. */
    private static final int TILE = 4;
    /** Floats in one chunk's transformed weights or sums (8 MB); see {@link #neuronsPerChunk}. */
    private static final long CHUNK_FLOATS = 2L << 20;

    /**
     * Whether a geometry can use these tiles: a 3 x 3 kernel, stride 1, no dilation, one group.
     *
     * @param geometry a convolution
     */
    public static boolean fits(ConvGeometry geometry) {
        return geometry.kernel() == 3 && geometry.stride() == 1 && geometry.dilation() == 1 && geometry.groups() == 1;
    }

    /**
     * Cuts and transforms an already padded batch.
     *
     * @param padded {@code [B, C, H, W]}, padding already applied; the output is {@code (H - 2) x (W - 2)}
     */
    public static WinogradTiles of(NDArray padded) {
        Shape shape = padded.getShape();
        if (shape.dimension() != 4 || shape.get(2) < 3 || shape.get(3) < 3) {
            throw new IllegalArgumentException("Winograd tiles need a padded batch [B, C, H >= 3, W >= 3], got " + shape);
        }
        int batch = (int) shape.get(0);
        int channels = (int) shape.get(1);
        int outHeight = (int) shape.get(2) - 2;
        int outWidth = (int) shape.get(3) - 2;
        int tileRows = (outHeight + 1) / 2;
        int tileCols = (outWidth + 1) / 2;
        NDArray even = padded;
        if (outHeight % 2 != 0 || outWidth % 2 != 0) {
            even = padded.pad(new Shape(0, outWidth % 2, 0, outHeight % 2), 0);
        }
        NDList taps = new NDList(TILE * TILE);
        for (int p = 0; p < TILE; p++) {
            for (int q = 0; q < TILE; q++) {
                taps.add(even.get(new NDIndex(":, :, {}:{}:2, {}:{}:2", p, p + 2 * tileRows - 1, q, q + 2 * tileCols - 1)));
            }
        }
        NDManager manager = padded.getManager();
        long tiles = (long) batch * tileRows * tileCols;
        // [16 taps, B, C, tr, tc] -> [16 transformed, B * C * tr * tc] -> [16, C, B, tr * tc] -> [16, C, T]
        NDArray stacked = NDArrays.stack(taps, 0).reshape(TILE * TILE, -1);
        NDArray transformed = kron(manager, BT, BT).matMul(stacked)
                .reshape(TILE * TILE, batch, channels, (long) tileRows * tileCols)
                .transpose(0, 2, 1, 3)
                .reshape(TILE * TILE, channels, tiles);
        return new WinogradTiles(transformed, batch, outHeight, outWidth);
    }

    /**
     * @param weights {@code [O, C * 9]}, rows flattened as a conv weight {@code [O, C, 3, 3]}
     * @return {@code W x}, {@code [O, N]}
     */
    @Override
    public NDArray respond(NDArray weights) {
        NDManager manager = transformed.getManager();
        long neurons = weights.getShape().get(0);
        long channels = transformed.getShape().get(1);
        checkInputs(weights.getShape().get(1), channels);
        NDArray kernelTransform = kron(manager, G, G);
        NDArray outputTransform = kron(manager, AT, AT);
        int tileRows = (outHeight + 1) / 2;
        int tileCols = (outWidth + 1) / 2;
        NDList parts = new NDList();
        for (long from = 0; from < neurons; from += neuronsPerChunk(channels)) {
            long to = Math.min(neurons, from + neuronsPerChunk(channels));
            long count = to - from;
            // U = G g G^T for every (o, c): [16, 9] x [9, o * C]
            NDArray kernels = kernelTransform.matMul(weights.get("{}:{}", from, to).reshape(count * channels, 9).transpose())
                    .reshape(TILE * TILE, count, channels);
            NDArray products = kernels.matMul(transformed); // [16, o, T]
            // A^T M A: [4, 16] x [16, o * T] -> [2, 2, o, B, tr, tc] -> [o, B, tr, 2, tc, 2]
            parts.add(outputTransform.matMul(products.reshape(TILE * TILE, -1))
                    .reshape(2, 2, count, batch, tileRows, tileCols)
                    .transpose(2, 3, 4, 0, 5, 1)
                    .reshape(count, batch, 2L * tileRows, 2L * tileCols));
        }
        NDArray blocks = parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0);
        if (2 * tileRows != outHeight || 2 * tileCols != outWidth) {
            blocks = blocks.get(new NDIndex(":, :, :{}, :{}", outHeight, outWidth));
        }
        return blocks.reshape(neurons, -1);
    }

    /**
     * Neurons handled at once, so that each of the 16 products' operands and results, {@code [16, o, C]}, stays
     * near 8 MB: the transformed weights and sums are the largest arrays of a step, and on Linux an array above
     * 32 MB is a fresh memory mapping whose first touch costs more than the product itself (measured: 69 ms to
     * fill 38 MB, 1.3 ms for 32 MB).
     */
    private static long neuronsPerChunk(long channels) {
        return Math.max(1, CHUNK_FLOATS / (TILE * TILE * channels));
    }

    /**
     * @param modulation {@code [O, N]}
     * @return {@code a x^T}, {@code [O, C * 9]}
     */
    @Override
    public NDArray correlate(NDArray modulation) {
        NDManager manager = transformed.getManager();
        long neurons = modulation.getShape().get(0);
        long channels = transformed.getShape().get(1);
        int tileRows = (outHeight + 1) / 2;
        int tileCols = (outWidth + 1) / 2;
        NDArray images = modulation.reshape(neurons, batch, outHeight, outWidth);
        if (2 * tileRows != outHeight || 2 * tileCols != outWidth) {
            images = images.pad(new Shape(0, 2 * tileCols - outWidth, 0, 2 * tileRows - outHeight), 0);
        }
        // [O, B, tr, 2, tc, 2] -> [2, 2, O, B, tr, tc] -> A a A^T: [16, 4] x [4, O * T] -> [16, O, T]
        NDArray blocks = images.reshape(neurons, batch, tileRows, 2, tileCols, 2)
                .transpose(3, 5, 0, 1, 2, 4)
                .reshape(4, -1);
        NDArray spread = kron(manager, AT, AT).transpose().matMul(blocks).reshape(TILE * TILE, neurons, -1);
        NDArray tilesFirst = transformed.transpose(0, 2, 1);
        NDArray kernelTransform = kron(manager, G, G);
        NDList parts = new NDList();
        for (long from = 0; from < neurons; from += neuronsPerChunk(channels)) {
            long to = Math.min(neurons, from + neuronsPerChunk(channels));
            NDArray sums = spread.get(":, {}:{}", from, to).matMul(tilesFirst); // [16, o, C]
            // G^T Z G for every (o, c): [o * C, 16] x [16, 9]
            parts.add(sums.reshape(TILE * TILE, -1).transpose().matMul(kernelTransform).reshape(to - from, channels * 9));
        }
        return parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0);
    }

    @Override
    public NDArray toImages(NDArray columns) {
        long neurons = columns.getShape().get(0);
        return columns.reshape(neurons, batch, outHeight, outWidth).transpose(1, 0, 2, 3);
    }

    private static void checkInputs(long inputs, long channels) {
        if (inputs != channels * 9) {
            throw new IllegalArgumentException("weights for a 3 x 3 kernel over " + channels + " channels need "
                    + channels * 9 + " inputs per neuron, got " + inputs);
        }
    }

    /**
     * The Kronecker product {@code left (x) right}: entry {@code [(i, k), (j, l)] = left[i][j] right[k][l]},
     * so that {@code kron(L, R) vec(X) = vec(L X R^T)} for row-major {@code vec}.
     */
    private static NDArray kron(NDManager manager, float[][] left, float[][] right) {
        int rows = left.length * right.length;
        int cols = left[0].length * right[0].length;
        float[] values = new float[rows * cols];
        for (int i = 0; i < left.length; i++) {
            for (int k = 0; k < right.length; k++) {
                for (int j = 0; j < left[0].length; j++) {
                    for (int l = 0; l < right[0].length; l++) {
                        values[(i * right.length + k) * cols + j * right[0].length + l] = left[i][j] * right[k][l];
                    }
                }
            }
        }
        return manager.create(values, new Shape(rows, cols));
    }
}
