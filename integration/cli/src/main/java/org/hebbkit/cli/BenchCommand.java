package org.hebbkit.cli;

import org.hebbkit.run.Range;
import org.hebbkit.run.Arguments;
import org.hebbkit.run.DataSplits;
import org.hebbkit.run.EngineThreads;
import org.hebbkit.run.FormulationOptions;
import org.hebbkit.run.ProcessMemory;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hebbkit.datasets.ImageSplit;
import org.hebbkit.datasets.Split;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.model.Preset;
import org.hebbkit.model.Presets;
import org.hebbkit.nn.HebbianBlock;
import org.hebbkit.train.FeatureExtractor;
import org.hebbkit.train.LabelledImages;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hebbkit bench}: the measurements quoted in docs/performance.md. */
@Command(name = "bench", description = "Benchmarks: dataset loading, Hebbian training step, feature extraction, linear probe, memory, matrix products, reading an unlabeled split.",
        subcommands = {BenchCommand.Data.class, BenchCommand.Step.class, BenchProbeCommand.class, BenchMemoryCommand.class,
            BenchMatMulCommand.class, BenchUnlabeledCommand.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing benchmark: use 'bench data', 'bench step', 'bench probe', 'bench memory', 'bench matmul' or 'bench unlabeled' (each answers --help)");
    }

    /** Loads the training splits from disk several times, checksums included. */
    @Command(name = "data", description = "Time loading MNIST and CIFAR-10 training splits (files read, checksums verified).")
    static final class Data implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--data", description = "Data directory.")
        private Path data;

        @Option(names = "--repeats", defaultValue = "5", description = "Loads per dataset (default ${DEFAULT-VALUE}).")
        @Range(min = 1)
        private int repeats;

        @Override
        public Integer call() throws IOException {
            Arguments.check(spec, () -> DataSplits.requireDataFolder(data));
            PrintWriter out = spec.commandLine().getOut();
            for (String dataset : new String[] {"mnist", "cifar-10"}) {
                double[] seconds = new double[repeats];
                int size = 0;
                for (int r = 0; r < repeats; r++) {
                    long start = System.nanoTime();
                    ImageSplit split = DataSplits.load(dataset, Split.TRAIN, data, false, 0);
                    seconds[r] = (System.nanoTime() - start) / 1e9;
                    size = split.size();
                }
                Arrays.sort(seconds);
                out.printf(Locale.ROOT, "%s train: %,d images loaded and verified in %.3f s (median of %d; min %.3f s, max %.3f s)%n",
                        dataset, size, seconds[repeats / 2], repeats, seconds[0], seconds[repeats - 1]);
            }
            return 0;
        }
    }

    /** Times the unsupervised training step of one block on real images, and feature extraction. */
    @Command(name = "step", description = "Time the Hebbian training step of one block (the last unless --block says) and feature extraction.")
    static final class Step implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--preset", defaultValue = "softhebb-cifar10-3layer", description = "Preset (default ${DEFAULT-VALUE}).")
        private String presetName;

        @Option(names = "--block", description = "Block that learns, counting from 1 as every message does (default: the last).")
        private Integer block; // its range depends on the preset: checked in call()

        @Option(names = "--batches", defaultValue = "200", description = "Timed batches (default ${DEFAULT-VALUE}).")
        @Range(min = 1)
        private int batches;

        @Option(names = "--warmup", defaultValue = "300", description = "Untimed batches first (default ${DEFAULT-VALUE}:"
                + " HebbKit's step runs slower over its first 200-300 batches, while the JVM compiles it; block 1 ran 578"
                + " images/s over batches 1-100 and 1,075 over 401-500; docs/performance.md).")
        @Range(min = 0)
        private int warmup;

        @Option(names = "--extract-images", defaultValue = "2000", description = "Images for the extraction timing.")
        @Range(min = 1)
        private int extractImages;

        @Option(names = "--extract-batch", defaultValue = "" + FeatureExtractor.DEFAULT_BATCH_SIZE, description = "Images per extraction pass (default ${DEFAULT-VALUE}).")
        @Range(min = 1)
        private int extractBatch;

        @Option(names = "--data", description = "Data directory.")
        private Path data;

        @Option(names = "--random-images", paramLabel = "N", description = "Time on N random images of the preset's input"
                + " shape instead of its dataset's (for a dataset not on this machine: STL-10, ImageNette, ImageNet; the"
                + " step's cost does not depend on the pixels).")
        @Range(min = 1)
        private int randomImages;

        @Option(names = "--threads", defaultValue = "0", description = "Engine threads (default: one per core).")
        @Range(min = 1, instead = "leave --threads out for one per core")
        private int threads;

        @CommandLine.Mixin
        private FormulationOptions formulation;

        @Override
        public Integer call() throws IOException {
            try (org.hebbkit.engine.MatMul.Scope kernel = formulation.matMulScope()) {
                return step();
            }
        }

        private Integer step() throws IOException {
            Arguments.check(spec, () -> EngineThreads.configure(threads));
            Arguments.check(spec, () -> DataSplits.requireDataFolder(data));
            PrintWriter out = spec.commandLine().getOut();
            Preset preset = Arguments.check(spec, () -> Presets.get(presetName));
            int blocks = preset.blocks().size();
            int learner = (block == null ? blocks : block) - 1;
            if (learner < 0 || learner >= blocks) {
                throw new Arguments.BadArgument(spec, "--block must name a block of " + preset.name()
                        + ": 1 to " + blocks + " (counting from 1), got " + block);
            }
            int batchSize = preset.unsupervised().batchSize();
            ImageSplit train = randomImages > 0 ? randomImages(preset, Math.max(randomImages, batchSize + 1))
                    : DataSplits.load(preset.dataset(), Split.TRAIN, data, false, 0);
            if (extractImages > train.size()) {
                extractImages = train.size() - train.size() % Math.min(extractBatch, train.size());
            }
            try (HebbianNetwork network = HebbianNetwork.create(preset, Device.cpu(), 0, formulation.convAlgorithmOrDefault())) {
                double stepSeconds = 0;
                for (int b = 0; b < warmup + batches; b++) {
                    long start = System.nanoTime();
                    try (NDManager scope = network.newScope()) {
                        int from = (b * batchSize) % (train.size() - batchSize);
                        NDArray x = train.images(scope, LabelledImages.range(from, from + batchSize));
                        network.blocks().get(learner).learn(network.forward(x, learner), HebbianBlock.Phase.LEARN);
                    }
                    if (b >= warmup) {
                        stepSeconds += (System.nanoTime() - start) / 1e9;
                    }
                }
                String algorithm = network.blocks().get(learner).layer() instanceof org.hebbkit.nn.HebbianConv2d conv
                        ? ", " + conv.algorithm(Device.cpu()).name().toLowerCase(Locale.ROOT) : "";
                out.printf(Locale.ROOT, "%s: unsupervised step, block %d learning, batch %d: %.1f images/s (%d batches after %d%s,"
                        + " matmul %s)%n", preset.name(), learner + 1, batchSize, batches * batchSize / stepSeconds, batches,
                        warmup, algorithm, org.hebbkit.engine.MatMul.kernel().name().toLowerCase(Locale.ROOT));
                if (extractBatch < 1) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--extract-batch must be at least 1");
                }
                long start = System.nanoTime();
                for (int from = 0; from < extractImages; from += extractBatch) {
                    try (NDManager scope = network.newScope()) {
                        network.features(train.images(scope, LabelledImages.range(from, from + extractBatch))).toFloatArray();
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                out.printf(Locale.ROOT, "%s: feature extraction, batch %d: %.1f images/s (%d images)%n", preset.name(),
                        extractBatch, extractImages / seconds, extractImages);
            }
            out.printf(Locale.ROOT, "peak resident memory: %s%n", ProcessMemory.bytes(ProcessMemory.peakResidentBytes()));
            return 0;
        }

        /** {@code n} images of uniformly random pixels in the preset's input shape, one class. */
        private static ImageSplit randomImages(Preset preset, int n) {
            int channels = preset.input().get(0);
            int height = preset.input().get(1);
            int width = preset.input().get(2);
            byte[] pixels = new byte[Math.multiplyExact(n, channels * height * width)];
            new java.util.SplittableRandom(0).nextBytes(pixels);
            return new ImageSplit("random " + channels + " x " + height + " x " + width, pixels, new int[n], channels,
                    height, width, java.util.List.of("random"));
        }
    }
}
