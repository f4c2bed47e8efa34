package org.hebbkit.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STL-10 on files generated here in the published binary format (Coates et al. 2011's README: uint8 images of
 * 3 x 96 x 96, each plane column-major; labels 1 to 10 in their own file; ten lines of fold indices), with a small
 * unlabeled split, so that the layout, the chunked reading, the download path and the errors are checked without
 * the 2.6 GB archive.
 */
class Stl10Test {

    private static final int TRAIN = 30;
    private static final int TEST = 20;
    private static final int UNLABELED = 1_000;
    private static final int IMAGE = Stl10Format.IMAGE_BYTES;

    @TempDir
    Path temp;

    /** The generated files, by their name in {@code stl10_binary/}. */
    private final Map<String, byte[]> content = generate();

    private static Map<String, byte[]> generate() {
        SplittableRandom random = new SplittableRandom(7);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("train_X.bin", randomBytes(random, TRAIN * IMAGE));
        files.put("train_y.bin", labels(TRAIN));
        files.put("test_X.bin", randomBytes(random, TEST * IMAGE));
        files.put("test_y.bin", labels(TEST));
        files.put("unlabeled_X.bin", randomBytes(random, UNLABELED * IMAGE));
        StringBuilder folds = new StringBuilder();
        for (int fold = 0; fold < 10; fold++) {
            folds.append(fold).append(' ').append(fold + 10).append(' ').append(fold + 20).append(" \n");
        }
        files.put("fold_indices.txt", folds.toString().getBytes(StandardCharsets.US_ASCII));
        return files;
    }

    private static byte[] randomBytes(SplittableRandom random, int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** Labels 1 to 10 as the files store them: image i has label i % 10 + 1. */
    private static byte[] labels(int n) {
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10 + 1);
        }
        return labels;
    }

    /** A description of the generated files, with their MD5s, the archive at {@code archiveUrl}. */
    private Stl10 description(String archiveUrl, byte[] archive) {
        String[] names = {"train_X.bin", "train_y.bin", "test_X.bin", "test_y.bin", "unlabeled_X.bin", "fold_indices.txt"};
        List<DatasetFile> files = new java.util.ArrayList<>();
        for (String name : names) {
            byte[] bytes = content.get(name);
            files.add(new DatasetFile("stl-10/stl10_binary/" + name, bytes.length, null, md5(bytes), List.of()));
        }
        DatasetFile archiveFile = new DatasetFile("stl-10/stl10_binary.tar.gz", DatasetFile.UNKNOWN_SIZE, null,
                archive == null ? "0".repeat(32) : md5(archive), archiveUrl == null ? List.of() : List.of(archiveUrl));
        return new Stl10(files, archiveFile, TRAIN, TEST, UNLABELED);
    }

    private static String md5(byte[] bytes) {
        java.security.MessageDigest digest = Checksums.md5();
        digest.update(bytes);
        return Checksums.hex(digest);
    }

    private Path writeExtracted(Path data) throws IOException {
        Path folder = data.resolve("stl-10/stl10_binary");
        Files.createDirectories(folder);
        for (Map.Entry<String, byte[]> file : content.entrySet()) {
            Files.write(folder.resolve(file.getKey()), file.getValue());
        }
        return folder;
    }

    @Test
    void aKnownPixelLandsWhereTheColumnMajorFormatSaysAndLabelsBecomeZeroBased() throws Exception {
        int image = 3;
        int channel = 1;
        int row = 5;
        int column = 70;
        byte[] train = content.get("train_X.bin");
        // column-major plane: byte c * 96 * 96 + column * 96 + row of the image
        train[image * IMAGE + channel * 9216 + column * 96 + row] = (byte) 200;
        train[image * IMAGE + channel * 9216 + row * 96 + column] = (byte) 17;   // the transposed place
        Path data = temp.resolve("data");
        writeExtracted(data);
        ImageSplit split = description(null, null).loader().optSplit(Split.TRAIN).optDataDirectory(data).build().prepare();
        assertEquals(TRAIN, split.size());
        assertEquals(200, split.pixel(image, channel, row, column));
        assertEquals(17, split.pixel(image, channel, column, row));
        for (int i = 0; i < TRAIN; i++) {
            assertEquals(i % 10, split.label(i));
        }
        assertEquals(Stl10.CLASSES, split.classNames());
        assertEquals(new Shape(3, 96, 96), split.imageShape());
        for (int c = 0; c < 3; c++) {
            for (int r = 0; r < 96; r += 13) {
                for (int col = 0; col < 96; col += 11) {
                    assertEquals(Byte.toUnsignedInt(train[8 * IMAGE + c * 9216 + col * 96 + r]), split.pixel(8, c, r, col));
                }
            }
        }
        ImageSplit test = description(null, null).loader().optSplit(Split.TEST).optDataDirectory(data).build().prepare();
        assertEquals(TEST, test.size());
        assertEquals(19 % 10, test.label(19));
    }

    @Test
    void aFoldIsTheTrainingImagesItsLineLists() throws Exception {
        Path data = temp.resolve("data");
        writeExtracted(data);
        ImageSplit all = description(null, null).loader().optDataDirectory(data).build().prepare();
        ImageSplit fold = description(null, null).loader().optFold(4).optDataDirectory(data).build().prepare();
        assertEquals(3, fold.size());
        assertArrayEquals(all.imagePixels(24), fold.imagePixels(2));
        assertEquals(all.label(14), fold.label(1));
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class, () -> Stl10.builder().optFold(10));
        assertTrue(outside.getMessage().contains("fold must be 0 to 9"), outside.getMessage());
        IllegalArgumentException testFold = assertThrows(IllegalArgumentException.class,
                () -> Stl10.builder().optSplit(Split.TEST).optFold(1).build());
        assertTrue(testFold.getMessage().contains("test split has no folds"), testFold.getMessage());
    }

    @Test
    void theUnlabeledSplitIsReadFromDiskInBoundedChunks() throws Exception {
        Path data = temp.resolve("data");
        writeExtracted(data);
        Stl10Dataset loader = description(null, null).loader().optSplit(Split.UNLABELED).optDataDirectory(data).build();
        IllegalStateException whole = assertThrows(IllegalStateException.class, loader::prepare);
        assertTrue(whole.getMessage().contains("prepareSource()"), whole.getMessage());
        byte[] raw = content.get("unlabeled_X.bin");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (ImageSource unlabeled = loader.prepareSource(); NDManager manager = NDManager.newBaseManager()) {
            assertEquals(UNLABELED, unlabeled.size());
            assertEquals(0, unlabeled.heldBytes());
            int chunkImages = 64;
            long thread = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(thread);
            ImageSplit chunk = unlabeled.chunk(900, 900 + chunkImages);
            long chunkAllocated = threads.getThreadAllocatedBytes(thread) - before;
            // the column-major read and the row-major copy: two arrays of the chunk, nothing of the other 936 images
            assertTrue(chunkAllocated < 2L * chunkImages * IMAGE + (1 << 20),
                    "reading " + chunkImages + " images allocated " + chunkAllocated + " bytes");
            assertTrue(chunkAllocated < raw.length / 5);
            assertEquals(Byte.toUnsignedInt(raw[(900 + 10) * IMAGE + 2 * 9216 + 40 * 96 + 3]), chunk.pixel(10, 2, 3, 40));
            int[] indices = {999, 0, 512};
            before = threads.getThreadAllocatedBytes(thread);
            NDArray batch = unlabeled.images(manager, indices);
            long batchAllocated = threads.getThreadAllocatedBytes(thread) - before;
            assertTrue(batchAllocated < 6L * indices.length * IMAGE + (1 << 20),
                    "a batch of 3 allocated " + batchAllocated + " bytes");
            assertEquals(new Shape(3, 3, 96, 96), batch.getShape());
            float expected = Byte.toUnsignedInt(raw[999 * IMAGE + 9216 + 7 * 96 + 50]) / 255f;
            assertEquals(expected, batch.getFloat(0, 1, 50, 7), 1e-6);
            assertEquals(0, unlabeled.label(5));
            assertThrows(IndexOutOfBoundsException.class, () -> unlabeled.images(manager, new int[] {UNLABELED}));
        }
    }

    @Test
    void mirrorAndArchiveDownloadsOverLoopbackHttpAreVerifiedAndMovedIntoPlace() throws Exception {
        Path served = temp.resolve("served");
        writeExtracted(served);
        Path archive = served.resolve("stl10_binary.tar.gz");
        Map<String, byte[]> members = new LinkedHashMap<>();
        content.forEach((name, bytes) -> members.put("stl10_binary/" + name, bytes));
        CifarArchiveTest.writeTarGz(archive, members);
        byte[] archiveBytes = Files.readAllBytes(archive);
        try (LoopbackServer server = new LoopbackServer(served)) {
            Path mirrored = temp.resolve("mirrored");
            ImageSplit fromMirror = description(null, archiveBytes).loader().optSplit(Split.TEST).optDataDirectory(mirrored)
                    .optDownload(true).optMirror(server.baseUrl()).build().prepare();
            assertEquals(TEST, fromMirror.size());

            Path fromArchive = temp.resolve("from-archive");
            Stl10 official = description(server.baseUrl() + "/stl10_binary.tar.gz", archiveBytes);
            try (ImageSource unlabeled = official.loader().optSplit(Split.UNLABELED).optDataDirectory(fromArchive)
                    .optDownload(true).build().prepareSource()) {
                assertEquals(UNLABELED, unlabeled.size());
            }
            // only the split's file is kept: the archive and the other members are deleted
            assertEquals(List.of(fromArchive.resolve("stl-10/stl10_binary/unlabeled_X.bin")),
                    DownloadTest.filesUnder(fromArchive));

            Stl10 foreign = description(server.baseUrl() + "/stl10_binary.tar.gz", new byte[] {1, 2, 3});
            IOException refused = assertThrows(IOException.class, () -> foreign.loader().optSplit(Split.TEST)
                    .optDataDirectory(temp.resolve("foreign")).optDownload(true).build().prepare());
            assertTrue(refused.getMessage().contains("Checksum mismatch for stl-10/stl10_binary.tar.gz"), refused.getMessage());
            assertTrue(refused.getMessage().contains("nothing was kept"), refused.getMessage());
        }
    }

    @Test
    void missingTruncatedAndForeignFilesAreRefusedByNameWithTheFix() throws Exception {
        Path data = temp.resolve("data");
        Path folder = writeExtracted(data);
        Files.delete(folder.resolve("test_y.bin"));
        MissingDatasetException missing = assertThrows(MissingDatasetException.class,
                () -> description(null, null).loader().optSplit(Split.TEST).optDataDirectory(data).build().prepare());
        assertTrue(missing.getMessage().contains("stl-10/stl10_binary/test_y.bin"), missing.getMessage());
        assertTrue(missing.getMessage().contains("--download"), missing.getMessage());

        Files.write(folder.resolve("train_X.bin"), java.util.Arrays.copyOf(content.get("train_X.bin"), 1000));
        IOException truncated = assertThrows(IOException.class,
                () -> description(null, null).loader().optDataDirectory(data).build().prepare());
        assertTrue(truncated.getMessage().contains("train_X.bin") && truncated.getMessage().contains("truncated")
                && truncated.getMessage().contains("download it again"), truncated.getMessage());

        byte[] foreign = content.get("train_X.bin").clone();
        foreign[0]++;
        Files.write(folder.resolve("train_X.bin"), foreign);
        IOException mismatch = assertThrows(IOException.class,
                () -> description(null, null).loader().optDataDirectory(data).build().prepare());
        assertTrue(mismatch.getMessage().contains("Checksum mismatch") && mismatch.getMessage().contains("train_X.bin"),
                mismatch.getMessage());

        Files.write(folder.resolve("train_X.bin"), foreign);
        byte[] badLabels = content.get("train_y.bin").clone();
        badLabels[4] = 11;
        Files.write(folder.resolve("train_y.bin"), badLabels);
        IOException label = assertThrows(IOException.class, () -> description(null, null).loader()
                .optDataDirectory(data).optVerifyChecksums(false).build().prepare());
        assertTrue(label.getMessage().contains("label 11 of image 4, expected 1 to 10"), label.getMessage());
    }

    @Test
    void theRegistryKnowsStl10WithItsThreeSplits() {
        DatasetDescription stl = DatasetRegistry.find("STL10");
        assertEquals("stl-10", stl.name());
        assertEquals(List.of(Split.TRAIN, Split.TEST, Split.UNLABELED), stl.splits());
        assertEquals(100_000, stl.size(Split.UNLABELED));
        assertEquals(0, DatasetRegistry.find("cifar10").size(Split.UNLABELED));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> DatasetRegistry.find("mnist")
                .loader().optSplit(Split.UNLABELED).build().prepare());
        assertTrue(none.getMessage().contains("mnist has no unlabeled split"), none.getMessage());
        assertNotEquals(0, stl.files().size());
    }
}
