package org.hebbkit.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads for real over loopback HTTP and from file: mirrors, including the failure cases. */
class DownloadTest {

    private static final String LABELS = "mnist/t10k-labels-idx1-ubyte.gz";
    private static final String IMAGES = "mnist/t10k-images-idx3-ubyte.gz";

    @TempDir
    Path temp;

    @Test
    void httpMirrorDownloadsVerifiesAndLoadsMnistTest() throws Exception {
        Path shared = RealData.directoryWith(IMAGES);
        Path data = temp.resolve("data");
        try (LoopbackServer server = new LoopbackServer(shared)) {
            ImageSplit test = Mnist.builder().optSplit(Split.TEST).optDataDirectory(data).optDownload(true)
                    .optMirror(server.baseUrl() + "/").build().prepare(new RecordingProgress());
            assertEquals(10_000, test.size());
            assertEquals(2, server.requests());
        }
        assertEquals(Mnist.FILES.get(2).sha256(), Checksums.sha256Of(data.resolve(IMAGES)));
        assertEquals(List.of(data.resolve(IMAGES), data.resolve(LABELS)), filesUnder(data));
    }

    @Test
    void fileMirrorDownloadsCifar10TestBatch() throws Exception {
        Path shared = RealData.directoryWith("cifar-10/cifar-10-batches-bin/test_batch.bin");
        Path data = temp.resolve("data");
        RecordingProgress progress = new RecordingProgress();
        ImageSplit test = Cifar10.builder().optSplit(Split.TEST).optDataDirectory(data).optDownload(true)
                .optMirror(shared.toUri().toString()).build().prepare(progress);
        assertEquals(10_000, test.size());
        assertEquals(30_730_000L, progress.total);
        assertEquals(List.of(data.resolve("cifar-10/cifar-10-batches-bin/test_batch.bin")), filesUnder(data));
    }

    @Test
    void corruptedDownloadIsRejectedAndNothingIsKept() throws Exception {
        Path shared = RealData.directoryWith(LABELS);
        Path mirror = mirrorWith(shared, content -> content[content.length / 2] ^= 0x5a);
        Path data = temp.resolve("data");
        IOException error;
        try (LoopbackServer server = new LoopbackServer(mirror)) {
            error = assertThrows(IOException.class, () -> Mnist.builder().optSplit(Split.TEST)
                    .optDataDirectory(data).optDownload(true).optMirror(server.baseUrl()).build().prepare());
        }
        assertTrue(error.getMessage().contains("Checksum mismatch for " + LABELS), error.getMessage());
        assertTrue(error.getMessage().contains(Mnist.FILES.get(3).sha256()), error.getMessage());
        assertTrue(error.getMessage().contains("nothing was kept"), error.getMessage());
        assertEquals(List.of(data.resolve(IMAGES)), filesUnder(data), "only the good file is kept, no partial file");
    }

    @Test
    void truncatedDownloadIsRejectedAndNothingIsKept() throws Exception {
        Path shared = RealData.directoryWith(LABELS);
        Path mirror = temp.resolve("mirror");
        Files.createDirectories(mirror.resolve("mnist"));
        byte[] content = Files.readAllBytes(shared.resolve(LABELS));
        Files.write(mirror.resolve(LABELS), java.util.Arrays.copyOf(content, 1000));
        Files.copy(shared.resolve(IMAGES), mirror.resolve(IMAGES));
        Path data = temp.resolve("data");
        IOException error = assertThrows(IOException.class, () -> Mnist.builder().optSplit(Split.TEST)
                .optDataDirectory(data).optDownload(true).optMirror(mirror.toUri().toString()).build().prepare());
        assertTrue(error.getMessage().contains("received 1,000 bytes, expected 4,542 (truncated)"), error.getMessage());
        assertEquals(List.of(data.resolve(IMAGES)), filesUnder(data));
    }

    @Test
    void notFoundIsReportedWithTheUrl() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty-mirror"));
        Path data = temp.resolve("data");
        try (LoopbackServer server = new LoopbackServer(empty)) {
            IOException error = assertThrows(IOException.class, () -> Mnist.builder().optSplit(Split.TEST)
                    .optDataDirectory(data).optDownload(true).optMirror(server.baseUrl()).build().prepare());
            assertTrue(error.getMessage().contains(server.baseUrl() + "/" + IMAGES + ": HTTP 404"), error.getMessage());
            assertTrue(error.getMessage().contains("HEBBKIT_DATASET_MIRROR"), error.getMessage());
        }
        assertEquals(List.of(), filesUnder(data));
    }

    @Test
    void unreachableServerIsReported() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Path data = temp.resolve("data");
        IOException error = assertThrows(IOException.class, () -> Mnist.builder().optSplit(Split.TEST)
                .optDataDirectory(data).optDownload(true).optMirror("http://127.0.0.1:" + closedPort).build().prepare());
        assertTrue(error.getMessage().startsWith("Could not download " + IMAGES), error.getMessage());
        assertTrue(error.getMessage().contains("Connection refused"), error.getMessage());
        assertEquals(List.of(), filesUnder(data));
    }

    @Test
    void missingDataWithoutDownloadNamesTheDirectoryAndTheWaysToGetIt() {
        Path data = temp.resolve("nothing-here");
        MissingDatasetException error = assertThrows(MissingDatasetException.class,
                () -> Cifar10.builder().optDataDirectory(data).build().prepare());
        assertTrue(error.getMessage().contains("cifar-10 train not found in data directory " + data), error.getMessage());
        assertTrue(error.getMessage().contains("cifar-10/cifar-10-batches-bin/data_batch_1.bin"), error.getMessage());
        assertTrue(error.getMessage().contains("HEBBKIT_DATASET_MIRROR"), error.getMessage());
        assertEquals(data, error.dataDirectory());
        assertTrue(Files.notExists(data), "nothing is written without a download");
    }

    private Path mirrorWith(Path shared, java.util.function.Consumer<byte[]> corruptLabels) throws IOException {
        Path mirror = temp.resolve("mirror");
        Files.createDirectories(mirror.resolve("mnist"));
        byte[] content = Files.readAllBytes(shared.resolve(LABELS));
        corruptLabels.accept(content);
        Files.write(mirror.resolve(LABELS), content);
        Files.copy(shared.resolve(IMAGES), mirror.resolve(IMAGES));
        return mirror;
    }

    static List<Path> filesUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            // the download lock stays, empty (DownloadLock)
            return paths.filter(Files::isRegularFile)
                    .filter(path -> !path.getFileName().toString().equals(DownloadLock.FILE_NAME)).sorted().toList();
        }
    }

    /** Records what a download reports. */
    static final class RecordingProgress implements ai.djl.util.Progress {
        long total;

        @Override
        public void reset(String message, long max, String trailingMessage) {}

        @Override
        public void start(long initialProgress) {}

        @Override
        public void end() {}

        @Override
        public void increment(long increment) {
            total += increment;
        }

        @Override
        public void update(long progress, String message) {}
    }
}
