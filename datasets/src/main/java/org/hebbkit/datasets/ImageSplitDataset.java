package org.hebbkit.datasets;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.util.Objects;

/**
 * An {@link ImageSplit} as a DJL {@link RandomAccessDataset}, for code written against DJL's
 * {@code Dataset}/{@code Batch} types (samplers, pipelines, {@code EasyTrain}). Each record is one image
 * {@code [C, H, W]} float32 in [0, 1] (optionally standardised) and its label as a scalar int32; the
 * builder's sampling decides batch size and order. HebbKit's own trainers use the faster bulk path,
 * {@link ImageSplit#images(NDManager, int[])}, instead.
 *
 * <pre>{@code
 * ImageSplitDataset dataset = ImageSplitDataset.builder().setSplit(train).setSampling(64, true).build();
 * for (Batch batch : dataset.getData(manager)) { ... batch.close(); }
 * }</pre>
 */
public final class ImageSplitDataset extends RandomAccessDataset {

    private final ImageSplit split;
    private final ChannelNormalization normalization;

    private ImageSplitDataset(Builder builder) {
        super(builder);
        this.split = builder.split;
        this.normalization = builder.normalization;
    }

    /** A builder; the split and the sampling are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Record get(NDManager manager, long index) {
        int[] one = {Math.toIntExact(index)};
        NDList data = new NDList(split.images(manager, one, normalization).squeeze(0));
        NDList label = new NDList(manager.create(split.label(one[0])));
        return new Record(data, label);
    }

    @Override
    protected long availableSize() {
        return split.size();
    }

    /** The split is already in memory: nothing to prepare. */
    @Override
    public void prepare(Progress progress) {}

    /** Builder of {@link ImageSplitDataset}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private ImageSplit split;
        private ChannelNormalization normalization;

        @Override
        protected Builder self() {
            return this;
        }

        /** The loaded split (required). */
        public Builder setSplit(ImageSplit split) {
            this.split = split;
            return this;
        }

        /** Per-channel standardisation of every image; default none. */
        public Builder optNormalization(ChannelNormalization normalization) {
            this.normalization = normalization;
            return this;
        }

        /** Checks the settings and builds. */
        public ImageSplitDataset build() {
            Objects.requireNonNull(split, "split: call setSplit");
            if (sampler == null) {
                throw new IllegalStateException("sampling: call setSampling(batchSize, random) before build()");
            }
            return new ImageSplitDataset(this);
        }
    }
}
