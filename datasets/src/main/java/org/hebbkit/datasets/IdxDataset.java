package org.hebbkit.datasets;

import ai.djl.util.Progress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A 28x28 grayscale dataset distributed as four gzip-compressed IDX files (MNIST, Fashion-MNIST).
 * Each file is checked against its published size and SHA-256 while it is read.
 */
public abstract class IdxDataset extends ImageDataset {

    private static final int SIDE = 28;

    protected IdxDataset(BaseBuilder<?> builder) {
        super(builder);
    }

    /** The four files: train images, train labels, test images, test labels. */
    protected abstract List<DatasetFile> allFiles();

    /** Class names, index = label. */
    public abstract List<String> classNames();

    @Override
    protected final List<DatasetFile> requiredFiles() {
        List<DatasetFile> all = allFiles();
        return split() == Split.TRAIN ? all.subList(0, 2) : all.subList(2, 4);
    }

    @Override
    protected final ImageSplit read(Path directory, Progress progress) throws IOException {
        List<DatasetFile> files = requiredFiles();
        int count = split() == Split.TRAIN ? 60_000 : 10_000;
        byte[] pixels;
        try (InputStream in = gunzip(readVerified(directory, files.get(0)), directory, files.get(0))) {
            pixels = IdxFormat.readImages(in, directory.resolve(files.get(0).relativePath()).toString(), count, SIDE, SIDE);
        }
        byte[] labels;
        try (InputStream in = gunzip(readVerified(directory, files.get(1)), directory, files.get(1))) {
            labels = IdxFormat.readLabels(in, directory.resolve(files.get(1).relativePath()).toString(), count,
                    classNames().size());
        }
        return new ImageSplit(name() + " " + splitName(), pixels, labels, 1, SIDE, SIDE, classNames());
    }

    private static InputStream gunzip(byte[] content, Path directory, DatasetFile file) throws IOException {
        try {
            return new GZIPInputStream(new ByteArrayInputStream(content), 1 << 16);
        } catch (ZipException | java.io.EOFException e) {
            throw IdxFormat.truncated(directory.resolve(file.relativePath()).toString(), e);
        }
    }

    static List<DatasetFile> files(String folder, List<String> bases, long[] sizes, String[] sha256, String[] md5) {
        String[] names = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};
        DatasetFile[] files = new DatasetFile[4];
        for (int i = 0; i < 4; i++) {
            String name = names[i];
            files[i] = new DatasetFile(folder + "/" + name, sizes[i], sha256[i], md5[i],
                    bases.stream().map(base -> base + name).toList());
        }
        return List.of(files);
    }
}
