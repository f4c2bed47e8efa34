package org.hebbkit.cli;

import org.hebbkit.run.Range;
import org.hebbkit.run.Arguments;
import org.hebbkit.run.EngineThreads;
import org.hebbkit.run.ProcessMemory;
import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.model.Preset;
import org.hebbkit.model.Presets;
import org.hebbkit.train.Features;
import org.hebbkit.train.LinearProbe;
import org.hebbkit.train.TrainingEvents;
import org.hebbkit.train.TrainingListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hebbkit bench probe}: times the linear probe on a cached feature matrix of the size a preset
 * produces (random float16 values: the step's cost does not depend on them), and extrapolates to the
 * preset's full probe.
 */
@Command(name = "probe", description = "Time the linear probe on cached features of a preset's size (random values).")
final class BenchProbeCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--preset", defaultValue = "softhebb-cifar10-3layer", description = "Preset whose feature count and probe are used (default ${DEFAULT-VALUE}).")
    private String presetName;

    @Option(names = "--images", defaultValue = "50000", description = "Cached training examples (default ${DEFAULT-VALUE}).")
    @Range(min = 1)
    private int images;

    @Option(names = "--epochs", defaultValue = "3", description = "Probe epochs (default ${DEFAULT-VALUE}); the first is"
            + " reported apart (the JIT compiles the fused step during it), the speed is that of the others.")
    @Range(min = 1)
    private int epochs;

    @Option(names = "--threads", defaultValue = "0", description = "Engine threads (default: one per core).")
    @Range(min = 1, instead = "leave --threads out for one per core")
    private int threads;

    @Override
    public Integer call() {
        if (images < 1 || epochs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--images and --epochs must be at least 1");
        }
        Arguments.check(spec, () -> EngineThreads.configure(threads));
        PrintWriter out = spec.commandLine().getOut();
        Preset preset = Arguments.check(spec, () -> Presets.get(presetName));
        int featureCount;
        try (HebbianNetwork network = HebbianNetwork.create(preset, Device.cpu(), 0)) {
            featureCount = network.featureCount();
        }
        long featureBytes = (long) images * featureCount * 2;
        long labelBytes = 4L * images;
        if (featureBytes > ProcessMemory.physicalBytes() || labelBytes > Runtime.getRuntime().maxMemory()) {
            throw new Arguments.BadArgument(spec, String.format(Locale.ROOT, "--images %,d needs %s for its float16"
                    + " features (%,d x %,d) and %s of Java heap for its labels; this machine has %s of memory and the JVM"
                    + " %s of heap: give fewer --images", images, ProcessMemory.bytes(featureBytes), images, featureCount,
                    ProcessMemory.bytes(labelBytes), ProcessMemory.bytes(ProcessMemory.physicalBytes()),
                    ProcessMemory.bytes(Runtime.getRuntime().maxMemory())));
        }
        Preset.ProbeSpec probe = preset.probe();
        SplittableRandom random = new SplittableRandom(0);
        int[] labels = new int[images];
        for (int i = 0; i < images; i++) {
            labels[i] = random.nextInt(10);
        }
        try (NDManager manager = NDManager.newBaseManager();
                Features features = Features.of(
                        manager.randomNormal(new Shape(images, featureCount), DataType.FLOAT16), labels)) {
            java.util.List<Long> epochEnds = new java.util.ArrayList<>();
            long start = System.nanoTime();
            TrainingListener timer = new TrainingListener() {
                @Override
                public void epochFinished(TrainingEvents.EpochFinished event) {
                    epochEnds.add(System.nanoTime());
                }
            };
            String formulation = LinearProbe.formulation(features, manager);
            LinearProbe.ProbeResult result = LinearProbe.train(features, null, 10,
                    org.hebbkit.model.Configs.with(probe, "epochs", epochs), 0, manager, timer);
            result.readout().close();
            double first = (epochEnds.get(0) - start) / 1e9;
            double later = epochs > 1 ? (epochEnds.get(epochs - 1) - epochEnds.get(0)) / 1e9 / (epochs - 1) : first;
            out.printf(Locale.ROOT, "%s probe (%s, %d threads): %,d x %,d float16 features, batch %d: %.0f images/s,"
                    + " %.2f s per epoch%s; the preset's %d epochs: %.1f min%n", preset.name(), formulation,
                    LinearProbe.threads(), images, featureCount, probe.batchSize(), images / later, later,
                    epochs > 1 ? String.format(Locale.ROOT, " after the first (first epoch, with the JIT's warm-up:"
                            + " %.2f s, %.0f images/s)", first, images / first) : "",
                    probe.epochs(), (first + later * (probe.epochs() - 1)) / 60);
        }
        out.printf(Locale.ROOT, "peak resident memory: %s%n", ProcessMemory.bytes(ProcessMemory.peakResidentBytes()));
        return 0;
    }
}
