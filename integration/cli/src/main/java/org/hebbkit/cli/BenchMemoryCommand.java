package org.hebbkit.cli;

import org.hebbkit.run.Range;
import org.hebbkit.run.Arguments;
import org.hebbkit.run.DataSplits;
import org.hebbkit.run.EngineThreads;
import org.hebbkit.run.ProcessMemory;
import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hebbkit.datasets.ImageSplit;
import org.hebbkit.datasets.Split;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.model.Preset;
import org.hebbkit.model.Presets;
import org.hebbkit.train.TrainingEvents;
import org.hebbkit.train.TrainingListener;
import org.hebbkit.model.TrainingMode;
import org.hebbkit.train.UnsupervisedTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hebbkit bench memory}: does native memory stay flat over a long run? Trains a preset's Hebbian blocks with
 * the real trainer for {@code --batches} batches and prints the resident set size ({@code VmRSS}) every 1,000
 * batches, then how the last compares with the one after the first 1,000 (the target: within 5 %).
 */
@Command(name = "memory", description = "Resident memory over a long Hebbian training run (flat: within 5 %% after"
        + " 10,000 batches of what it was after 1,000).")
final class BenchMemoryCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--preset", defaultValue = "softhebb-cifar10-1layer", description = "Preset (default ${DEFAULT-VALUE}).")
    private String presetName;

    @Option(names = "--batches", defaultValue = "10000", description = "Batches to train (default ${DEFAULT-VALUE}).")
    @Range(min = 1000)
    private int batches;

    @Option(names = "--data", description = "Data directory.")
    private Path data;

    @Option(names = "--threads", defaultValue = "0", description = "Engine threads (default: one per core).")
    @Range(min = 1, instead = "leave --threads out for one per core")
    private int threads;

    @Override
    public Integer call() throws IOException {
        Arguments.check(spec, () -> EngineThreads.configure(threads));
        if (batches < 1000) {
            throw new Arguments.BadArgument(spec, "--batches must be at least 1000 (the first sample), got " + batches);
        }
        Arguments.check(spec, () -> DataSplits.requireDataFolder(data));
        PrintWriter out = spec.commandLine().getOut();
        Preset preset = Arguments.check(spec, () -> Presets.get(presetName));
        ImageSplit train = DataSplits.load(preset.dataset(), Split.TRAIN, data, false, 0);
        int batchSize = preset.unsupervised().batchSize();
        long perEpoch = (train.size() + batchSize - 1) / batchSize;
        int epochs = (int) ((batches + perEpoch - 1) / perEpoch);
        List<long[]> samples = new ArrayList<>();
        long start = System.nanoTime();
        TrainingListener sampler = new TrainingListener() {
            private long done;

            @Override
            public void batchFinished(TrainingEvents.BatchFinished event) {
                done++;
                if (done % 1000 == 0 && done <= batches) {
                    long resident = ProcessMemory.residentBytes();
                    samples.add(new long[] {done, resident});
                    out.printf(Locale.ROOT, "after %,6d batches: resident %s, of which Java heap committed %s (%.0f s)%n", done,
                            ProcessMemory.bytes(resident), ProcessMemory.bytes(Runtime.getRuntime().totalMemory()),
                            (System.nanoTime() - start) / 1e9);
                    out.flush();
                }
                if (done == batches) {
                    throw new Enough();
                }
            }
        };
        try (HebbianNetwork network = HebbianNetwork.create(preset, Device.cpu(), 0)) {
            try {
                UnsupervisedTrainer.builder().setBatchSize(batchSize).optEpochs(epochs).optShuffleSeed(0)
                        .optMode(TrainingMode.SIMULTANEOUS).optListener(sampler).build()
                        .fit(network, DataSplits.adapt(train));
            } catch (Enough enough) {
                // the batches asked for are done
            }
        }
        long first = samples.get(0)[1];
        long last = samples.get(samples.size() - 1)[1];
        out.printf(Locale.ROOT, "%s, batch %d: resident after %,d batches %s, after %,d batches %s: %+.1f %% (target: within 5 %%)%n",
                preset.name(), batchSize, samples.get(0)[0], ProcessMemory.bytes(first), samples.get(samples.size() - 1)[0],
                ProcessMemory.bytes(last), 100.0 * (last - first) / first);
        return 0;
    }

    /** Ends the training loop once the batches asked for are done. */
    private static final class Enough extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Enough() {
            super(null, null, false, false);
        }
    }
}
