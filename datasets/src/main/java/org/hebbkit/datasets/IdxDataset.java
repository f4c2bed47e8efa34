package org.hebbkit.datasets;

import ai.djl.util.Progress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The reader of every {@link IdxDescription} dataset (MNIST, Fashion-MNIST): one split's two gzip-compressed IDX
 * files, each checked against its published size and SHA-256 while it is read.
 *
 * <pre>{@code
 * ImageSplit test = Mnist.builder().optSplit(Split.TEST).build().prepare();   // [10000, 1, 28, 28] as bytes
 * }</pre>
 */
public final class IdxDataset extends ImageDataset {

    private final IdxDescription description;

    private IdxDataset(Builder builder) {
        super(builder);
        this.description = builder.description;
    }

    /** What this dataset is. */
    public IdxDescription description() {
        return description;
    }

    @Override
    public String name() {
        return description.name();
    }

    /** Class names, index = label. */
    public List<String> classNames() {
        return description.classNames();
    }

    @Override
    protected List<DatasetFile> requiredFiles() {
        return description.files(split());
    }

    @Override
    protected ImageSplit read(Path directory, Progress progress) throws IOException {
        List<DatasetFile> files = requiredFiles();
        int count = description.size(split());
        int side = IdxDescription.SIDE;
        byte[] pixels;
        try (InputStream in = gunzip(readVerified(directory, files.get(0)), directory, files.get(0))) {
            pixels = IdxFormat.readImages(in, directory.resolve(files.get(0).relativePath()).toString(), count, side, side);
        }
        byte[] labels;
        try (InputStream in = gunzip(readVerified(directory, files.get(1)), directory, files.get(1))) {
            labels = IdxFormat.readLabels(in, directory.resolve(files.get(1).relativePath()).toString(), count,
                    classNames().size());
        }
        return new ImageSplit(name() + " " + splitName(), pixels, labels, 1, side, side, classNames());
    }

    private static InputStream gunzip(byte[] content, Path directory, DatasetFile file) throws IOException {
        try {
            return new GZIPInputStream(new ByteArrayInputStream(content), 1 << 16);
        } catch (ZipException | java.io.EOFException e) {
            throw IdxFormat.truncated(directory.resolve(file.relativePath()).toString(), e);
        }
    }

    /** Builder of an {@link IdxDataset}: {@link IdxDescription#loader()}, or {@code Mnist.builder()}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private final IdxDescription description;

        Builder(IdxDescription description) {
            this.description = Objects.requireNonNull(description, "description");
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        public IdxDataset build() {
            return new IdxDataset(this);
        }
    }
}
