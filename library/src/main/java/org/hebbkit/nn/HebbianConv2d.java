package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.Objects;

/**
 * A 2-d convolution learnt by a Hebbian rule: weights {@code [O, C / groups, k, k]}, input
 * {@code [B, C, H, W]}, output (pre-activation, or its pre-triangle) {@code [B, O, H', W']}.
 * The input is padded explicitly (zeros or reflection), then cut into patches; see {@link HebbianLayer}
 * for the update. Journé et al. (2023), "Hebbian deep learning without feedback", ICLR.
 *
 * <p>How a learning step multiplies ({@link Algorithm}): by default through {@link Patches}; optionally a 3 x 3,
 * stride-1, undilated, ungrouped convolution learns through {@link WinogradTiles} (2.25 times fewer
 * multiplications for the response and the Hebbian term, equal to the patches' values up to float32 rounding,
 * which is enough to move a whole run's readout by a few tenths of a point). Inference always runs the engine's
 * convolution.
 *
 * <pre>{@code
 * HebbianConv2d conv = HebbianConv2d.builder()
 *         .setGeometry(ConvGeometry.of(3, 96, 5, 2, Padding.REFLECT))
 *         .setCompetition(new SoftKrotov(1.0))
 *         .setLearningRate(new AdaptiveLearningRate(0.08, 0.5))
 *         .build(manager, seed);
 * NDArray u = conv.forward(batch, true);   // learns from the batch
 * }</pre>
 */
public final class HebbianConv2d extends HebbianLayer {

    /** How a learning step forms its two products, {@code W x} and {@code a x^T}. */
    public enum Algorithm {
        /** {@link #WINOGRAD} where the geometry fits and the input is on the CPU, else {@link #PATCHES}. */
        AUTO,
        /** {@link Patches}: the input cut into columns (im2col), two matrix products. */
        PATCHES,
        /** {@link WinogradTiles}: F(2 x 2, 3 x 3); only for 3 x 3, stride-1, undilated, ungrouped convolutions. */
        WINOGRAD
    }

    private final ConvGeometry geometry;
    private final Algorithm algorithm;

    private HebbianConv2d(NDManager manager, Builder builder, long seed) {
        super(manager, new Shape(builder.geometry.outChannels(), builder.geometry.inChannels() / builder.geometry.groups(),
                builder.geometry.kernel(), builder.geometry.kernel()), builder.geometry.groups(), builder, seed);
        this.geometry = builder.geometry;
        this.algorithm = builder.algorithm;
    }

    /** A builder; geometry, competition and learning rate are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The convolution's shape. */
    public ConvGeometry geometry() {
        return geometry;
    }

    /** The algorithm asked for (default {@link Algorithm#PATCHES}). */
    public Algorithm algorithm() {
        return algorithm;
    }

    /**
     * The algorithm a learning step uses on a device: {@link Algorithm#PATCHES} or {@link Algorithm#WINOGRAD}.
     *
     * @param device where the layer's input lives
     */
    public Algorithm algorithm(ai.djl.Device device) {
        return switch (algorithm) {
            case AUTO -> WinogradTiles.fits(geometry) && !device.isGpu() ? Algorithm.WINOGRAD : Algorithm.PATCHES;
            case PATCHES, WINOGRAD -> algorithm;
        };
    }

    @Override
    protected BatchInput learningInput(NDArray input) {
        if (algorithm(input.getDevice()) == Algorithm.PATCHES) {
            return patches(input);
        }
        checkInput(input);
        return WinogradTiles.of(geometry.paddingMode().apply(input, geometry.padding()));
    }

    @Override
    protected Patches patches(NDArray input) {
        checkInput(input);
        NDArray padded = geometry.paddingMode().apply(input, geometry.padding());
        return Patches.ofConvolution(padded, geometry.kernel(), geometry.stride(), geometry.dilation());
    }

    @Override
    protected NDArray infer(NDArray input) {
        return linearResponse(input, weight());
    }

    @Override
    protected NDArray linearResponse(NDArray input, NDArray weights) {
        checkInput(input);
        NDArray padded = geometry.paddingMode().apply(input, geometry.padding());
        Shape stride = new Shape(geometry.stride(), geometry.stride());
        Shape dilation = new Shape(geometry.dilation(), geometry.dilation());
        return Conv2d.conv2d(padded, weights, null, stride, new Shape(0, 0), dilation, geometry.groups())
                .singletonOrThrow();
    }

    @Override
    protected NDArray output(BatchInput batch, NDArray pre) {
        return batch.toImages(pre);
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.dimension() != 3 || input.get(0) != geometry.inChannels()) {
            throw new IllegalArgumentException("a conv layer with " + geometry.inChannels()
                    + " input channels needs inputs [" + geometry.inChannels() + ", H, W], got " + input);
        }
        int height = geometry.outputSize((int) input.get(1));
        int width = geometry.outputSize((int) input.get(2));
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("input " + input + " is smaller than the kernel (" + geometry.kernel()
                    + ", padding " + geometry.padding() + ")");
        }
        return new Shape(geometry.outChannels(), height, width);
    }

    private void checkInput(NDArray input) {
        Shape shape = input.getShape();
        if (shape.dimension() != 4 || shape.get(1) != geometry.inChannels()) {
            throw new IllegalArgumentException("input must be [B, " + geometry.inChannels() + ", H, W], got " + shape);
        }
    }

    /** Builder of {@link HebbianConv2d}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private ConvGeometry geometry;
        private Algorithm algorithm = Algorithm.PATCHES;

        @Override
        protected Builder self() {
            return this;
        }

        /** The convolution's shape (required). */
        public Builder setGeometry(ConvGeometry geometry) {
            this.geometry = geometry;
            return this;
        }

        /**
         * How a learning step multiplies (default {@link Algorithm#PATCHES}); {@link Algorithm#WINOGRAD} needs a 3 x 3,
         * stride-1, undilated, ungrouped convolution.
         */
        public Builder optAlgorithm(Algorithm algorithm) {
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /**
         * @param manager owns the weights
         * @param seed seeds the weight initialisation
         */
        public HebbianConv2d build(NDManager manager, long seed) {
            Objects.requireNonNull(geometry, "geometry: call setGeometry");
            if (algorithm == Algorithm.WINOGRAD && !WinogradTiles.fits(geometry)) {
                throw new IllegalArgumentException("the Winograd algorithm needs a 3 x 3, stride-1, undilated, ungrouped"
                        + " convolution, got kernel " + geometry.kernel() + ", stride " + geometry.stride() + ", dilation "
                        + geometry.dilation() + ", groups " + geometry.groups() + "; use Algorithm.PATCHES or AUTO");
            }
            return new HebbianConv2d(manager, this, seed);
        }
    }
}
