package org.hebbkit.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-100 (Krizhevsky 2009), binary version: 50,000 training and 10,000 test colour images of
 * 32x32 pixels, each with a coarse label (20 superclasses) and a fine label (100 classes).
 * Files: {@code cifar-100/cifar-100-binary/{train,test}.bin}, or the official
 * {@code cifar-100/cifar-100-binary.tar.gz} read in place. Records are 3,074 bytes: coarse label,
 * fine label, 3,072 pixel bytes. The archive's md5 is checked on download; the extracted files, whose
 * checksums are not published, are checked by size and label range.
 *
 * <pre>{@code
 * ImageSplit train = Cifar100.builder().optLabels(Cifar100.Labels.FINE).build().prepare();
 * }</pre>
 */
public final class Cifar100 extends CifarDataset {

    /** Which of the two labels a record's label is. */
    public enum Labels {
        /** 20 superclasses. */
        COARSE,
        /** 100 classes (the usual benchmark). */
        FINE
    }

    /** The official binary archive (md5 as published on the CIFAR page). */
    public static final DatasetFile ARCHIVE = new DatasetFile("cifar-100/cifar-100-binary.tar.gz",
            DatasetFile.UNKNOWN_SIZE, null, "03b5dce01913d631647c71ecec9e9cb8",
            List.of("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz"));

    /** The training file (50,000 records) and the test file (10,000 records). */
    public static final List<DatasetFile> BATCHES = List.of(
            new DatasetFile("cifar-100/cifar-100-binary/train.bin", 50_000L * 3074, null, null, List.of()),
            new DatasetFile("cifar-100/cifar-100-binary/test.bin", 10_000L * 3074, null, null, List.of()));

    private final Labels labels;

    private Cifar100(Builder builder) {
        super(builder);
        this.labels = builder.labels;
    }

    /** A builder with the defaults: training split, fine labels, data directory from the environment, no download. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "cifar-100";
    }

    @Override
    protected DatasetFile archive() {
        return ARCHIVE;
    }

    @Override
    protected List<DatasetFile> batchFiles() {
        return split() == Split.TRAIN ? BATCHES.subList(0, 1) : BATCHES.subList(1, 2);
    }

    @Override
    protected int labelBytes() {
        return 2;
    }

    @Override
    protected int labelIndex() {
        return labels == Labels.COARSE ? 0 : 1;
    }

    @Override
    protected int recordsPerFile() {
        return split() == Split.TRAIN ? 50_000 : 10_000;
    }

    @Override
    public List<String> classNames() {
        int count = labels == Labels.COARSE ? 20 : 100;
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add((labels == Labels.COARSE ? "superclass " : "class ") + i);
        }
        return names;
    }

    /** Builder of {@link Cifar100}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private Labels labels = Labels.FINE;

        @Override
        protected Builder self() {
            return this;
        }

        /** Which label to use; default {@link Labels#FINE}. */
        public Builder optLabels(Labels labels) {
            this.labels = java.util.Objects.requireNonNull(labels, "labels");
            return this;
        }

        /** Builds the dataset; touches neither disk nor network. */
        public Cifar100 build() {
            return new Cifar100(this);
        }
    }
}
