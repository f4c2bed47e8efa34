package org.hebbkit.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.hebbkit.datasets.ImageSource;
import org.hebbkit.datasets.Split;
import org.hebbkit.datasets.transform.Shuffle;
import org.hebbkit.run.Arguments;
import org.hebbkit.run.DataSplits;
import org.hebbkit.run.ProcessMemory;
import org.hebbkit.run.Range;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hebbkit bench unlabeled}: what reading a split too large for memory costs. Opens a dataset's unlabeled split
 * (STL-10's 100,000 images, 2.76 GB as bytes) as the Hebbian stage does, reads it batch by batch in a shuffled order
 * into float32 arrays on a per-batch manager, and prints the images per second and the process's resident memory as
 * it goes and at its peak: the bound on what a run holds of it is one batch, not the split.
 */
@Command(name = "unlabeled", description = "Read a dataset's unlabeled split batch by batch, as the Hebbian stage does;"
        + " print throughput and resident memory (its peak bounds what the split costs a run).")
final class BenchUnlabeledCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--dataset", defaultValue = "stl-10", description = "Dataset with an unlabeled split (default ${DEFAULT-VALUE}).")
    private String dataset;

    @Option(names = "--data", description = "Data directory.")
    private Path data;

    @Option(names = "--batch", defaultValue = "32", description = "Images per batch (default ${DEFAULT-VALUE}, SoftHebb's STL10_unlabel).")
    @Range(min = 1)
    private int batch;

    @Option(names = "--images", defaultValue = "0", description = "Read only this many images (default: the whole split).")
    @Range(min = 1, instead = "leave --images out to read the whole split")
    private int images;

    @Option(names = "--no-verify", description = "Check sizes only, not checksums (files generated at the real size).")
    private boolean noVerify;

    @Override
    public Integer call() throws IOException {
        Arguments.check(spec, () -> DataSplits.requireDataFolder(data));
        PrintWriter out = spec.commandLine().getOut();
        long residentBefore = ProcessMemory.residentBytes();
        long openStart = System.nanoTime();
        try (ImageSource source = Arguments.check(spec, () -> {
            try {
                return DataSplits.source(dataset, Split.UNLABELED, data, false, !noVerify);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }); NDManager manager = NDManager.newBaseManager()) {
            double openSeconds = (System.nanoTime() - openStart) / 1e9;
            int total = images > 0 ? Math.min(images, source.size()) : source.size();
            out.printf(Locale.ROOT, "%s: %,d images of %d x %d x %d (%s as bytes), opened in %.1f s%s; resident before: %s%n",
                    source.name(), source.size(), source.channels(), source.height(), source.width(),
                    ProcessMemory.bytes((long) source.size() * source.channels() * source.height() * source.width()),
                    openSeconds, noVerify ? " (sizes checked, not checksums)" : " (checksums verified)",
                    ProcessMemory.bytes(residentBefore));
            int[] order = Shuffle.permutation(source.size(), new SplittableRandom(0));
            long start = System.nanoTime();
            long peak = 0;
            int done = 0;
            int report = Math.max(batch, total / 10);
            int nextReport = report;
            while (done < total) {
                int n = Math.min(batch, total - done);
                int[] indices = java.util.Arrays.copyOfRange(order, done, done + n);
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = source.images(scope, indices);
                    x.sum().getFloat();
                }
                done += n;
                peak = Math.max(peak, ProcessMemory.residentBytes());
                if (done >= nextReport || done == total) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    out.printf(Locale.ROOT, "  %,7d images read in %.1f s (%.0f images/s), resident %s, of which Java heap"
                            + " committed %s%n", done, seconds, done / seconds, ProcessMemory.bytes(ProcessMemory.residentBytes()),
                            ProcessMemory.bytes(Runtime.getRuntime().totalMemory()));
                    nextReport += report;
                }
            }
            long batchBytes = (long) batch * source.channels() * source.height() * source.width();
            out.printf(Locale.ROOT, "peak resident memory while reading: %s (process peak %s, Java heap limit %s); one batch"
                    + " of %d is %.2f MB as bytes and %.2f MB as float32%n", ProcessMemory.bytes(peak),
                    ProcessMemory.bytes(ProcessMemory.peakResidentBytes()), ProcessMemory.bytes(Runtime.getRuntime().maxMemory()),
                    batch, batchBytes / 1e6, 4 * batchBytes / 1e6);
        }
        return 0;
    }
}
