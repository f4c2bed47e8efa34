package org.hebbkit.datasets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;

/**
 * Unlabeled images stored back to back in one file, fixed-size records of uint8 pixels, read from disk on demand:
 * the source for a split too large for memory, such as STL-10's {@code unlabeled_X.bin} (100,000 images of
 * 27,648 bytes: 2.76 GB, more than one Java array holds). Nothing is kept between calls but an open file:
 * {@code images(manager, indices)} reads the {@code indices.length} records it needs with positional reads (the
 * operating system's page cache does the caching), {@code chunk(from, to)} reads {@code to - from} consecutive ones.
 * Peak memory of a batch of n images: {@code n * recordBytes} bytes read, {@code 4 n * recordBytes} bytes of floats,
 * and the float32 array on the manager.
 *
 * <pre>{@code
 * try (RecordFileImages unlabeled = RecordFileImages.stl10(path, 100_000, "stl-10 unlabeled")) {
 *     NDArray x = unlabeled.images(scope, new int[] {0, 1, 2});     // [3, 3, 96, 96]
 * }
 * }</pre>
 *
 * Safe to read from several threads (positional reads do not move a shared file position).
 */
public final class RecordFileImages extends AbstractImageSource {

    private final Path file;
    private final int count;
    private final boolean columnMajor;
    private FileChannel channel;

    /**
     * @param name what the images are, for messages
     * @param file the file of records, each {@code channels * height * width} bytes, and nothing else
     * @param count records in the file
     * @param channels channels per image
     * @param height image height
     * @param width image width
     * @param columnMajor whether each plane is stored column by column (STL-10) rather than row by row
     */
    public RecordFileImages(String name, Path file, int count, int channels, int height, int width, boolean columnMajor) {
        super(name, channels, height, width);
        this.file = Objects.requireNonNull(file, "file");
        if (count < 0 || channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("count must be at least 0 and channels, height, width at least 1; got "
                    + count + ", " + channels + ", " + height + ", " + width);
        }
        if (columnMajor && (height != Stl10Format.SIDE || width != Stl10Format.SIDE || channels != 3)) {
            throw new IllegalArgumentException("columnMajor is STL-10's layout, 3 x 96 x 96; got " + channels + " x "
                    + height + " x " + width);
        }
        this.count = count;
        this.columnMajor = columnMajor;
    }

    /** STL-10's unlabeled images ({@code unlabeled_X.bin}, column-major 3 x 96 x 96 records). */
    public static RecordFileImages stl10(Path file, int count, String name) {
        return new RecordFileImages(name, file, count, 3, Stl10Format.SIDE, Stl10Format.SIDE, true);
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public List<String> classNames() {
        return List.of("unlabeled");
    }

    @Override
    public int label(int index) {
        checkIndex(index);
        return 0;
    }

    /** Bytes per record: {@link #imageBytes()}. */
    public int recordBytes() {
        return imageBytes();
    }

    @Override
    public NDArray images(NDManager manager, int[] indices) {
        int recordBytes = recordBytes();
        byte[] raw = new byte[indices.length * recordBytes];
        for (int i = 0; i < indices.length; i++) {
            checkIndex(indices[i]);
            readRecords(indices[i], 1, raw, i * recordBytes);
        }
        return scaled(manager, columnMajor ? rowMajor(raw, indices.length) : raw, indices.length);
    }

    @Override
    public ImageSplit chunk(int from, int to) {
        checkRange(from, to);
        int n = to - from;
        byte[] raw = new byte[Math.multiplyExact(n, recordBytes())];
        readRecords(from, n, raw, 0);
        return new ImageSplit(name() + " [" + from + ", " + to + ")", columnMajor ? rowMajor(raw, n) : raw, new int[n],
                channels(), height(), width(), classNames());
    }

    private byte[] rowMajor(byte[] raw, int n) {
        byte[] pixels = new byte[raw.length];
        Stl10Format.toRowMajor(raw, 0, pixels, 0, n);
        return pixels;
    }

    private void readRecords(int first, int n, byte[] target, int offset) {
        long position = (long) first * recordBytes();
        ByteBuffer buffer = ByteBuffer.wrap(target, offset, n * recordBytes());
        try {
            FileChannel open = channel();
            while (buffer.hasRemaining()) {
                int read = open.read(buffer, position + (buffer.position() - offset));
                if (read < 0) {
                    throw new IOException(String.format("%s ends at byte %,d, before record %,d of %,d (%s is truncated)."
                            + " Delete it and download it again.", file, open.size(), first + n - 1, count, name()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private synchronized FileChannel channel() throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        }
        return channel;
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing was written: a failed close loses nothing
            }
            channel = null;
        }
    }

    @Override
    public String toString() {
        return String.format("RecordFileImages[%s: %,d images of %dx%dx%d in %s]", name(), count, channels(), height(), width(), file);
    }
}
