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

    private final ConvGeometry geometry;

    private HebbianConv2d(NDManager manager, Builder builder, long seed) {
        super(manager, new Shape(builder.geometry.outChannels(), builder.geometry.inChannels() / builder.geometry.groups(),
                builder.geometry.kernel(), builder.geometry.kernel()), builder.geometry.groups(), builder, seed);
        this.geometry = builder.geometry;
    }

    /** A builder; geometry, competition and learning rate are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The convolution's shape. */
    public ConvGeometry geometry() {
        return geometry;
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
    protected NDArray output(Patches patches, NDArray pre) {
        return patches.toImages(pre);
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
         * @param manager owns the weights
         * @param seed seeds the weight initialisation
         */
        public HebbianConv2d build(NDManager manager, long seed) {
            Objects.requireNonNull(geometry, "geometry: call setGeometry");
            return new HebbianConv2d(manager, this, seed);
        }
    }
}
