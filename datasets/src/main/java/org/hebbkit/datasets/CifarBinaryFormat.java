package org.hebbkit.datasets;

import java.io.IOException;

/**
 * Parser of the CIFAR binary version: fixed-size records of {@code labelBytes} label bytes, then
 * 1024 red, 1024 green and 1024 blue bytes, each plane a 32x32 image in row-major order.
 * CIFAR-10 records have one label byte (3,073 bytes); CIFAR-100 records have a coarse and a fine
 * label (3,074 bytes). Krizhevsky (2009), "Learning Multiple Layers of Features from Tiny Images".
 */
public final class CifarBinaryFormat {

    /** Bytes of pixels per record: 3 x 32 x 32. */
    public static final int IMAGE_BYTES = 3 * 32 * 32;

    private CifarBinaryFormat() {}

    /**
     * Copies the records of one batch file into the split's pixel and label arrays.
     *
     * @param content the whole file
     * @param shownName the file's name for messages
     * @param labelBytes label bytes per record (1 for CIFAR-10, 2 for CIFAR-100)
     * @param labelIndex which label byte to keep (CIFAR-100: 0 coarse, 1 fine)
     * @param classCount labels must lie in {@code [0, classCount)}
     * @param expectedRecords records the file must hold
     * @param pixels destination, {@code [*, 3, 32, 32]}
     * @param labels destination
     * @param firstRecord where in the destination this file's first record goes
     */
    public static void parse(byte[] content, String shownName, int labelBytes, int labelIndex, int classCount,
            int expectedRecords, byte[] pixels, byte[] labels, int firstRecord) throws IOException {
        int recordBytes = labelBytes + IMAGE_BYTES;
        long expectedSize = (long) expectedRecords * recordBytes;
        if (content.length != expectedSize) {
            throw new IOException(String.format(
                    "Wrong size for %s: expected %,d records of %,d bytes = %,d bytes, found %,d bytes (%s)."
                            + " Delete the file and download it again.",
                    shownName, expectedRecords, recordBytes, expectedSize, content.length,
                    content.length < expectedSize ? "truncated" : "too long"));
        }
        for (int r = 0; r < expectedRecords; r++) {
            int offset = r * recordBytes;
            int label = Byte.toUnsignedInt(content[offset + labelIndex]);
            if (label >= classCount) {
                throw new IOException(String.format(
                        "Label out of range in %s: label %d in record %,d, expected 0 to %d."
                                + " The file is corrupt: delete it and download it again.",
                        shownName, label, r, classCount - 1));
            }
            labels[firstRecord + r] = (byte) label;
            System.arraycopy(content, offset + labelBytes, pixels, (firstRecord + r) * IMAGE_BYTES, IMAGE_BYTES);
        }
    }
}
