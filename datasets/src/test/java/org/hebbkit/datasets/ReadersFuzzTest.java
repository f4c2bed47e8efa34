package org.hebbkit.datasets;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;

/**
 * Coverage-guided fuzzing (Jazzer) of the dataset file readers: IDX images and labels, raw and gzipped, and CIFAR-10
 * and CIFAR-100 binary batches. Whatever the bytes, a reader returns what the header promised or throws an
 * {@link IOException} whose message names the file and says what to do; any other exception, an
 * {@code OutOfMemoryError} or a hang is a finding. Small expected sizes keep each input fast.
 *
 * <p>Plain {@code mvn verify} runs the stored inputs (regression mode); {@code JAZZER_FUZZ=1} fuzzes for
 * {@code maxDuration} (docs/reliability.md).
 */
class ReadersFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void datasetReaders(FuzzedDataProvider data) {
        int reader = data.consumeInt(0, 4);
        int count = data.consumeInt(0, 8);
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            switch (reader) {
                case 0 -> requireLength(IdxFormat.readImages(new ByteArrayInputStream(bytes), "fuzz-images", count, 4, 3),
                        count * 12);
                case 1 -> requireLength(IdxFormat.readLabels(new ByteArrayInputStream(bytes), "fuzz-labels", count, 10),
                        count);
                case 2 -> requireLength(IdxFormat.readImages(gunzip(bytes), "fuzz-images.gz", count, 4, 3), count * 12);
                case 3 -> CifarBinaryFormat.parse(bytes, "fuzz-cifar10.bin", 1, 0, 10, count,
                        new byte[count * CifarBinaryFormat.IMAGE_BYTES], new byte[count], 0);
                default -> CifarBinaryFormat.parse(bytes, "fuzz-cifar100.bin", 2, 1, 100, count,
                        new byte[count * CifarBinaryFormat.IMAGE_BYTES], new byte[count], 0);
            }
        } catch (IOException e) {
            requireClearMessage(e);
        }
    }

    private static void requireLength(byte[] read, int expected) {
        if (read.length != expected) {
            throw new AssertionError("read " + read.length + " bytes, the header promised " + expected);
        }
    }

    /** As {@code IdxDataset} opens a {@code .gz} file: a bad gzip header is reported as the reader reports it. */
    private static java.io.InputStream gunzip(byte[] bytes) throws IOException {
        try {
            return new GZIPInputStream(new ByteArrayInputStream(bytes), 1 << 16);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw IdxFormat.truncated("fuzz-images.gz", e);
        }
    }

    /** A documented failure names the file and says what to do with it. */
    private static void requireClearMessage(IOException e) {
        String message = e.getMessage();
        if (message == null || !message.contains("fuzz-") || !message.contains("download it again")) {
            throw new AssertionError("unclear message: " + message, e);
        }
    }
}
