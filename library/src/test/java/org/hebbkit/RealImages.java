package org.hebbkit;

import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.hebbkit.train.LabelledImages;
import org.junit.jupiter.api.Assumptions;

/**
 * Real images for the library's tests, read straight from the files (the library does not depend on the datasets
 * module): the first images of MNIST's training set and of CIFAR-10's {@code data_batch_1.bin} and
 * {@code test_batch.bin}, pixels in [0, 1].
 *
 * <p>Reads the data from {@code -Dhebbkit.data}, {@code $HEBBKIT_DATA} or {@code ~/.hebbkit/datasets}
 * ({@code mnist/*-idx?-ubyte.gz}, {@code cifar-10/cifar-10-batches-bin/*.bin}); a test calling this is skipped without
 * them, and fails without them when {@code HEBBKIT_REQUIRE_DATA=1} (as in CI).
 */
public final class RealImages {

    private RealImages() {}

    /**
     * MNIST training images {@code from .. from + count}, {@code [1, 28, 28]}.
     *
     * @param read the first {@code read} images are read (at least {@code from + count}); callers that split one read
     *     into parts pass the same number and share the file's work through the operating system's cache
     */
    public static LabelledImages mnist(int from, int count, int read) throws IOException {
        if (from < 0 || count < 1 || from + count > read) {
            throw new IllegalArgumentException("images " + from + " .. " + (from + count) + " lie outside the first " + read);
        }
        Path directory = dataDirectory().resolve("mnist");
        Path images = requireData(directory.resolve("train-images-idx3-ubyte.gz"), "MNIST");
        Path labels = requireData(directory.resolve("train-labels-idx1-ubyte.gz"), "MNIST");
        return images(readImages(images, read), readLabels(labels, read), from, count, new Shape(1, 28, 28));
    }

    /**
     * The first {@code count} MNIST training images as a float16 feature cache of their 784 pixels, as a run's
     * feature cache holds features.
     */
    public static org.hebbkit.train.Features mnistPixelFeatures(int count, ai.djl.ndarray.NDManager manager)
            throws IOException {
        LabelledImages images = mnist(0, count, count);
        ai.djl.ndarray.NDArray pixels = images.images(manager, LabelledImages.range(0, count)).reshape(count, 784)
                .toType(ai.djl.ndarray.types.DataType.FLOAT16, false);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = images.label(i);
        }
        return org.hebbkit.train.Features.of(pixels, labels);
    }

    /** The first {@code count} images of CIFAR-10's {@code data_batch_1.bin} ({@code test_batch.bin} when {@code test}). */
    public static LabelledImages cifar10(boolean test, int count) throws IOException {
        Path directory = dataDirectory().resolve("cifar-10").resolve("cifar-10-batches-bin");
        return readCifarRecords(requireData(directory.resolve(test ? "test_batch.bin" : "data_batch_1.bin"), "CIFAR-10"),
                count);
    }

    /** The first {@code count} records of a CIFAR-10 binary batch (a label byte, then 3x32x32 pixel bytes). */
    private static LabelledImages readCifarRecords(Path file, int count) throws IOException {
        int pixels = 3 * 32 * 32;
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < count * (pixels + 1)) {
            throw new IOException(file + ": expected at least " + count + " records of " + (pixels + 1) + " bytes, got "
                    + bytes.length + " bytes");
        }
        int[] labels = new int[count];
        float[][] images = new float[count][pixels];
        for (int i = 0; i < count; i++) {
            int offset = i * (pixels + 1);
            labels[i] = bytes[offset];
            for (int p = 0; p < pixels; p++) {
                images[i][p] = (bytes[offset + 1 + p] & 0xff) / 255f;
            }
        }
        return images(images, labels, 0, count, new Shape(3, 32, 32));
    }

    /** Returns the file, or skips (fails with HEBBKIT_REQUIRE_DATA=1) the test when it is missing. */
    private static Path requireData(Path file, String dataset) {
        if (!Files.isRegularFile(file)) {
            String message = dataset + " not found: no " + file + ". Set HEBBKIT_DATA (or -Dhebbkit.data) to a directory"
                    + " laid out like shared/datasets (\"hebbkit train --download\" fetches it).";
            if ("1".equals(System.getenv("HEBBKIT_REQUIRE_DATA"))) {
                fail(message + " HEBBKIT_REQUIRE_DATA=1, so missing data is a failure.");
            }
            Assumptions.abort(message);
        }
        return file;
    }

    /** As the other modules' tests: a relative directory is taken from the project root the build passes. */
    private static Path dataDirectory() {
        String property = System.getProperty("hebbkit.data");
        String environment = System.getenv("HEBBKIT_DATA");
        String given = property != null && !property.isBlank() ? property
                : environment != null && !environment.isBlank() ? environment : null;
        if (given == null) {
            return Path.of(System.getProperty("user.home"), ".hebbkit", "datasets");
        }
        Path path = Path.of(given);
        return path.isAbsolute() ? path : Path.of(System.getProperty("hebbkit.project.root", "")).resolve(path);
    }

    /** The first {@code count} images of an IDX3 file, as pixels in [0, 1]. */
    private static float[][] readImages(Path file, int count) throws IOException {
        try (DataInputStream in = open(file, 2051)) {
            int available = in.readInt();
            int rows = in.readInt();
            int columns = in.readInt();
            if (available < count || rows != 28 || columns != 28) {
                throw new IOException(file + ": expected at least " + count + " images of 28x28, got " + available
                        + " of " + rows + "x" + columns);
            }
            byte[] bytes = new byte[rows * columns];
            float[][] images = new float[count][rows * columns];
            for (int i = 0; i < count; i++) {
                in.readFully(bytes);
                for (int p = 0; p < bytes.length; p++) {
                    images[i][p] = (bytes[p] & 0xff) / 255f;
                }
            }
            return images;
        }
    }

    /** The first {@code count} labels of an IDX1 file. */
    private static int[] readLabels(Path file, int count) throws IOException {
        try (DataInputStream in = open(file, 2049)) {
            if (in.readInt() < count) {
                throw new IOException(file + " holds fewer than " + count + " labels");
            }
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = in.readUnsignedByte();
            }
            return labels;
        }
    }

    private static DataInputStream open(Path file, int magic) throws IOException {
        InputStream raw = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16));
        int found = in.readInt();
        if (found != magic) {
            in.close();
            throw new IOException(file + ": IDX magic number " + found + ", expected " + magic);
        }
        return in;
    }

    /** Images {@code from .. from + count} as labelled images of the given {@code [C, H, W]} shape. */
    private static LabelledImages images(float[][] pixels, int[] labels, int from, int count, Shape image) {
        int size = (int) image.size();
        return LabelledImages.of(count, index -> labels[from + index], (NDManager manager, int[] indices) -> {
            float[] batch = new float[indices.length * size];
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(pixels[from + indices[i]], 0, batch, i * size, size);
            }
            return manager.create(batch, new Shape(indices.length).addAll(image));
        });
    }
}
