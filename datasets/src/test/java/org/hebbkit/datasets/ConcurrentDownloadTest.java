package org.hebbkit.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real processes prepare MNIST's test split into the same empty data directory at once, from a loopback
 * HTTP mirror that answers slowly (so their downloads would overlap): one downloads, the other waits on the
 * directory's download lock and reuses the files; the server sees each file requested once, both processes
 * load all 10,000 images, and no partial file is left.
 */
class ConcurrentDownloadTest {

    private static final String IMAGES = "mnist/t10k-images-idx3-ubyte.gz";

    @TempDir
    Path temp;

    /** The preparing process: prints {@code loaded N} after preparing the split. */
    public static void main(String[] args) throws IOException {
        ImageSplit test = Mnist.builder().optSplit(Split.TEST).optDataDirectory(Path.of(args[0])).optDownload(true)
                .optMirror(args[1]).build().prepare();
        System.out.println("loaded " + test.size());
    }

    @Test
    void twoProcessesPreparingTheSameDatasetDownloadItOnce() throws Exception {
        Path shared = RealData.directoryWith(IMAGES);
        Path data = temp.resolve("data");
        try (LoopbackServer server = new LoopbackServer(shared, 1500)) {
            List<Process> processes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String java = ProcessHandle.current().info().command().orElse("java");
                processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        ConcurrentDownloadTest.class.getName(), data.toString(), server.baseUrl())
                        .redirectErrorStream(true).start());
            }
            for (Process process : processes) {
                assertTrue(process.waitFor(120, TimeUnit.SECONDS), "a preparing process did not end");
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, process.exitValue(), output);
                assertTrue(output.strip().endsWith("loaded 10000"), output);
            }
            assertEquals(2, server.requests(), "images and labels, each downloaded once, by one of the two processes");
        }
        assertEquals(List.of(data.resolve(IMAGES), data.resolve("mnist/t10k-labels-idx1-ubyte.gz")),
                DownloadTest.filesUnder(data), "the two files, verified; no partial file");
        assertEquals(Mnist.FILES.get(2).sha256(), Checksums.sha256Of(data.resolve(IMAGES)));
    }
}
