package org.hebbkit.datasets;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * Reader of gzip-compressed IDX files, the format of MNIST and Fashion-MNIST.
 *
 * <p>Layout (big-endian): images start with magic {@value #IMAGE_MAGIC}, then count, rows and columns
 * (32-bit each) and {@code count * rows * columns} unsigned bytes; labels start with magic
 * {@value #LABEL_MAGIC}, then count and {@code count} unsigned bytes. LeCun et al. (1998).
 */
public final class IdxFormat {

    /** Magic number of an IDX file of unsigned-byte 3-d tensors (images). */
    public static final int IMAGE_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned-byte vectors (labels). */
    public static final int LABEL_MAGIC = 0x00000801;

    private IdxFormat() {}

    /**
     * Reads the pixels of an uncompressed IDX image stream.
     *
     * @param in the decompressed stream, positioned at the magic number
     * @param shownName the file's name for messages
     * @param expectedCount images the file must hold
     * @param expectedRows rows per image
     * @param expectedColumns columns per image
     * @return {@code count * rows * columns} bytes
     */
    public static byte[] readImages(InputStream in, String shownName, int expectedCount, int expectedRows,
            int expectedColumns) throws IOException {
        DataInputStream data = new DataInputStream(in);
        try {
            requireMagic(data.readInt(), IMAGE_MAGIC, shownName);
            int count = data.readInt();
            int rows = data.readInt();
            int columns = data.readInt();
            if (count != expectedCount || rows != expectedRows || columns != expectedColumns) {
                throw new IOException(String.format(
                        "Wrong dimensions in %s: expected %,d images of %dx%d, found %,d of %dx%d."
                                + " The file is not the one this dataset needs: delete it and download it again.",
                        shownName, expectedCount, expectedRows, expectedColumns, count, rows, columns));
            }
            byte[] pixels = new byte[count * rows * columns];
            data.readFully(pixels);
            return pixels;
        } catch (EOFException | ZipException e) {
            throw truncated(shownName, e);
        }
    }

    /**
     * Reads the labels of an uncompressed IDX label stream.
     *
     * @param in the decompressed stream, positioned at the magic number
     * @param shownName the file's name for messages
     * @param expectedCount labels the file must hold
     * @param classCount labels must lie in {@code [0, classCount)}
     */
    public static byte[] readLabels(InputStream in, String shownName, int expectedCount, int classCount)
            throws IOException {
        DataInputStream data = new DataInputStream(in);
        try {
            requireMagic(data.readInt(), LABEL_MAGIC, shownName);
            int count = data.readInt();
            if (count != expectedCount) {
                throw new IOException(String.format(
                        "Wrong record count in %s: expected %,d labels, found %,d."
                                + " Delete the file and download it again.", shownName, expectedCount, count));
            }
            byte[] labels = new byte[count];
            data.readFully(labels);
            for (int i = 0; i < count; i++) {
                if (Byte.toUnsignedInt(labels[i]) >= classCount) {
                    throw new IOException(String.format(
                            "Label out of range in %s: label %d at index %,d, expected 0 to %d."
                                    + " The file is corrupt: delete it and download it again.",
                            shownName, Byte.toUnsignedInt(labels[i]), i, classCount - 1));
                }
            }
            return labels;
        } catch (EOFException | ZipException e) {
            throw truncated(shownName, e);
        }
    }

    private static void requireMagic(int found, int expected, String shownName) throws IOException {
        if (found != expected) {
            throw new IOException(String.format(
                    "Wrong IDX magic number in %s: expected 0x%08x (%s), found 0x%08x."
                            + " The file is not an IDX %s file: delete it and download it again.",
                    shownName, expected, expected == IMAGE_MAGIC ? "images" : "labels", found,
                    expected == IMAGE_MAGIC ? "image" : "label"));
        }
    }

    static IOException truncated(String shownName, IOException cause) {
        return new IOException("Truncated or corrupt gzip data in " + shownName + " (" + cause.getMessage()
                + "). Delete the file and download it again.", cause);
    }
}
