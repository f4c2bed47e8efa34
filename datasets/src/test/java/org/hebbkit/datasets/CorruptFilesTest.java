package org.hebbkit.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrupt, truncated and malformed files on disk give an IOException that says what and what to do. */
class CorruptFilesTest {

    private static final String IMAGES = "mnist/t10k-images-idx3-ubyte.gz";
    private static final String LABELS = "mnist/t10k-labels-idx1-ubyte.gz";

    @TempDir
    Path temp;

    @Test
    void flippedByteInMnistIsACheckSumMismatchNamingTheFile() throws Exception {
        Path data = copyOfMnistTest(content -> content[5000] ^= 1);
        IOException error = assertThrows(IOException.class,
                () -> Mnist.builder().optSplit(Split.TEST).optDataDirectory(data).build().prepare());
        assertTrue(error.getMessage().startsWith("Checksum mismatch for " + data.resolve(IMAGES)), error.getMessage());
        assertTrue(error.getMessage().contains("expected sha256 " + Mnist.FILES.get(2).sha256()), error.getMessage());
        assertTrue(error.getMessage().contains("delete it and download it again"), error.getMessage());
    }

    @Test
    void truncatedMnistIsReportedAsTruncatedEvenWithoutChecksums() throws Exception {
        Path data = copyOfMnistTest(null);
        byte[] content = Files.readAllBytes(data.resolve(IMAGES));
        Files.write(data.resolve(IMAGES), java.util.Arrays.copyOf(content, content.length / 2));
        IOException checked = assertThrows(IOException.class,
                () -> Mnist.builder().optSplit(Split.TEST).optDataDirectory(data).build().prepare());
        assertTrue(checked.getMessage().contains("expected 1,648,877 bytes, found 824,438 bytes (truncated)"),
                checked.getMessage());
        IOException unchecked = assertThrows(IOException.class, () -> Mnist.builder().optSplit(Split.TEST)
                .optDataDirectory(data).optVerifyChecksums(false).build().prepare());
        assertTrue(unchecked.getMessage().startsWith("Truncated or corrupt gzip data in " + data.resolve(IMAGES)),
                unchecked.getMessage());
    }

    @Test
    void wrongMagicNumberIsNamed() {
        byte[] idx = idx(0x00000804, 10, 28, 28, new byte[10 * 28 * 28]);
        IOException error = assertThrows(IOException.class,
                () -> IdxFormat.readImages(new ByteArrayInputStream(idx), "x.gz", 10, 28, 28));
        assertEquals("Wrong IDX magic number in x.gz: expected 0x00000803 (images), found 0x00000804."
                + " The file is not an IDX image file: delete it and download it again.", error.getMessage());
    }

    @Test
    void wrongDimensionsAreNamed() {
        byte[] idx = idx(IdxFormat.IMAGE_MAGIC, 10, 32, 28, new byte[10 * 32 * 28]);
        IOException error = assertThrows(IOException.class,
                () -> IdxFormat.readImages(new ByteArrayInputStream(idx), "x.gz", 10, 28, 28));
        assertTrue(error.getMessage().startsWith("Wrong dimensions in x.gz: expected 10 images of 28x28, found 10 of 32x28"),
                error.getMessage());
    }

    @Test
    void labelOutOfRangeIsNamed() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxFormat.LABEL_MAGIC);
        out.writeInt(3);
        out.write(new byte[] {1, 12, 3});
        IOException error = assertThrows(IOException.class,
                () -> IdxFormat.readLabels(new ByteArrayInputStream(bytes.toByteArray()), "l.gz", 3, 10));
        assertTrue(error.getMessage().startsWith("Label out of range in l.gz: label 12 at index 1, expected 0 to 9"),
                error.getMessage());
        byte[] good = IdxFormat.readLabels(new ByteArrayInputStream(bytes.toByteArray()), "l.gz", 3, 13);
        assertArrayEquals(new byte[] {1, 12, 3}, good);
    }

    @Test
    void cifarRecordCountAndLabelRangeAreChecked() {
        byte[] pixels = new byte[2 * CifarBinaryFormat.IMAGE_BYTES];
        byte[] labels = new byte[2];
        IOException size = assertThrows(IOException.class, () -> CifarBinaryFormat.parse(
                new byte[3073 + 100], "b.bin", 1, 0, 10, 2, pixels, labels, 0));
        assertTrue(size.getMessage().startsWith("Wrong size for b.bin: expected 2 records of 3,073 bytes = 6,146 bytes,"
                + " found 3,173 bytes (truncated)"), size.getMessage());
        byte[] content = new byte[2 * 3073];
        content[3073] = 10;
        IOException label = assertThrows(IOException.class, () -> CifarBinaryFormat.parse(
                content, "b.bin", 1, 0, 10, 2, pixels, labels, 0));
        assertTrue(label.getMessage().startsWith("Label out of range in b.bin: label 10 in record 1"), label.getMessage());
    }

    private Path copyOfMnistTest(java.util.function.Consumer<byte[]> corruptImages) throws IOException {
        Path shared = RealData.directoryWith(IMAGES);
        Path data = temp.resolve("data");
        Files.createDirectories(data.resolve("mnist"));
        byte[] images = Files.readAllBytes(shared.resolve(IMAGES));
        if (corruptImages != null) {
            corruptImages.accept(images);
        }
        Files.write(data.resolve(IMAGES), images);
        Files.copy(shared.resolve(LABELS), data.resolve(LABELS));
        return data;
    }

    private static byte[] idx(int magic, int count, int rows, int columns, byte[] pixels) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(magic);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(columns);
            out.write(pixels);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
