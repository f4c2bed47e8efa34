package org.hebbkit.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading CIFAR from a .tar.gz in place, CIFAR-100 on generated fixtures, and unsafe archive entries. */
class CifarArchiveTest {

    @TempDir
    Path temp;

    @Test
    void cifar10TestSplitIsReadFromTheArchiveWithoutWritingIntoTheDataDirectory() throws Exception {
        Path shared = RealData.directoryWith("cifar-10/cifar-10-batches-bin/test_batch.bin");
        Path data = temp.resolve("data");
        Path archive = data.resolve("cifar-10/cifar-10-binary.tar.gz");
        Files.createDirectories(archive.getParent());
        writeTarGz(archive, Map.of("cifar-10-batches-bin/test_batch.bin",
                Files.readAllBytes(shared.resolve("cifar-10/cifar-10-batches-bin/test_batch.bin"))));
        ImageSplit test = Cifar10.builder().optSplit(Split.TEST).optDataDirectory(data).build().prepare();
        assertEquals(10_000, test.size());
        assertArrayEquals(new int[] {3, 8, 8, 0, 6}, java.util.Arrays.copyOf(test.labels(), 5));
        assertEquals(List.of(archive), DownloadTest.filesUnder(data));
    }

    @Test
    void cifar100FixtureReadsFineAndCoarseLabelsFromFilesAndFromTheArchive() throws Exception {
        Path data = temp.resolve("data");
        byte[] test = cifar100Records(10_000);
        Path bin = data.resolve("cifar-100/cifar-100-binary/test.bin");
        Files.createDirectories(bin.getParent());
        Files.write(bin, test);
        ImageSplit fine = Cifar100.builder().optSplit(Split.TEST).optDataDirectory(data).build().prepare();
        ImageSplit coarse = Cifar100.builder().optSplit(Split.TEST).optDataDirectory(data)
                .optLabels(Cifar100.Labels.COARSE).build().prepare();
        assertEquals(10_000, fine.size());
        assertEquals(100, fine.classCount());
        assertEquals(20, coarse.classCount());
        for (int i = 0; i < 50; i++) {
            assertEquals(i % 100, fine.label(i));
            assertEquals(i % 20, coarse.label(i));
            assertEquals(Byte.toUnsignedInt(test[i * 3074 + 2 + 1024 + 33]), fine.pixel(i, 1, 1, 1));
        }

        Path archiveOnly = temp.resolve("archive-only");
        Path archive = archiveOnly.resolve("cifar-100/cifar-100-binary.tar.gz");
        Files.createDirectories(archive.getParent());
        writeTarGz(archive, Map.of("cifar-100-binary/test.bin", test));
        ImageSplit fromArchive = Cifar100.builder().optSplit(Split.TEST).optDataDirectory(archiveOnly).build().prepare();
        assertArrayEquals(fine.labels(), fromArchive.labels());
        assertArrayEquals(fine.imagePixels(9_999), fromArchive.imagePixels(9_999));
    }

    @Test
    void cifar100WithBadLabelNamesRecordAndFile() throws Exception {
        Path data = temp.resolve("data");
        byte[] test = cifar100Records(10_000);
        test[7 * 3074 + 1] = (byte) 100;
        Path bin = data.resolve("cifar-100/cifar-100-binary/test.bin");
        Files.createDirectories(bin.getParent());
        Files.write(bin, test);
        IOException error = assertThrows(IOException.class,
                () -> Cifar100.builder().optSplit(Split.TEST).optDataDirectory(data).build().prepare());
        assertTrue(error.getMessage().startsWith("Label out of range in " + bin + ": label 100 in record 7, expected 0 to 99"),
                error.getMessage());
    }

    @Test
    void archiveEntryEscapingTheDirectoryIsRefused() throws Exception {
        Path archive = temp.resolve("evil.tar.gz");
        writeTarGz(archive, Map.of("../escaped.txt", new byte[] {1, 2, 3}));
        Path target = Files.createDirectories(temp.resolve("out"));
        IOException error = assertThrows(IOException.class, () -> TarGzArchive.extract(archive, target));
        assertTrue(error.getMessage().contains("points outside the extraction directory"), error.getMessage());
        assertTrue(Files.notExists(temp.resolve("escaped.txt")));
    }

    @Test
    void truncatedArchiveIsReported() throws Exception {
        Path archive = temp.resolve("a.tar.gz");
        writeTarGz(archive, Map.of("x.bin", cifar100Records(100)));
        byte[] content = Files.readAllBytes(archive);
        Files.write(archive, java.util.Arrays.copyOf(content, content.length / 2));
        IOException error = assertThrows(IOException.class, () -> TarGzArchive.readMembers(archive, Set.of("x.bin")));
        assertTrue(error.getMessage().contains("truncated or corrupt"), error.getMessage());
    }

    /** Records with coarse label i % 20, fine label i % 100 and a deterministic pixel pattern. */
    static byte[] cifar100Records(int count) {
        byte[] content = new byte[count * 3074];
        for (int i = 0; i < count; i++) {
            int offset = i * 3074;
            content[offset] = (byte) (i % 20);
            content[offset + 1] = (byte) (i % 100);
            for (int p = 0; p < 3072; p++) {
                content[offset + 2 + p] = (byte) (i * 7 + p * 13);
            }
        }
        return content;
    }

    static void writeTarGz(Path archive, Map<String, byte[]> members) throws IOException {
        try (OutputStream file = Files.newOutputStream(archive);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
            for (Map.Entry<String, byte[]> member : members.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(member.getKey(), true);
                entry.setSize(member.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(member.getValue());
                tar.closeArchiveEntry();
            }
        }
    }
}
