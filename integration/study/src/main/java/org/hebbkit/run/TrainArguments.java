package org.hebbkit.run;

import java.util.ArrayList;
import java.util.List;
import org.hebbkit.train.RunSpec;

/**
 * The {@code hebbkit train} options that give a {@link RunSpec}: what a study hands each trial process. The one place
 * that knows which option carries which value; {@code TrainArgumentsTest} parses them back with {@code train} and
 * compares the runs, so an option added to one side and not the other fails.
 */
public final class TrainArguments {

    private TrainArguments() {}

    /**
     * The options of everything but the preset (a file the caller writes, {@code --preset FILE}), the output folder,
     * the data folder and the engine's ({@link #engine}); values left at their defaults are left out, since
     * {@code train} refuses some defaults given explicitly ({@code --limit-train 0}).
     */
    public static List<String> of(RunSpec spec) {
        List<String> run = new ArrayList<>(List.of("--seed", Long.toString(spec.seed())));
        RunSpec.Data data = spec.data();
        add(run, "--dataset", data.dataset());
        add(run, "--limit-train", data.limitTrain() > 0 ? data.limitTrain() : null);
        add(run, "--limit-test", data.limitTest() > 0 ? data.limitTest() : null);
        add(run, "--validation", data.validation() > 0 ? data.validation() : null);
        add(run, "--hebbian-data", data.hebbianImages() == null ? null : RunSpec.lower(data.hebbianImages()));
        add(run, "--limit-hebbian", data.limitHebbian() > 0 ? data.limitHebbian() : null);
        add(run, "--augmented-copies", data.augmentedCopies());
        RunSpec.Changes changes = spec.changes();
        add(run, "--mode", changes.mode() == null ? null : RunSpec.lower(changes.mode()));
        add(run, "--readout", changes.readout() == null ? null : RunSpec.lower(changes.readout()));
        add(run, "--probe-epochs", changes.probeEpochs());
        add(run, "--hebbian-epochs", changes.hebbianEpochs());
        RunSpec.Compute compute = spec.compute();
        add(run, "--conv-algorithm", compute.convAlgorithm() == null ? null : RunSpec.lower(compute.convAlgorithm()));
        add(run, "--matmul", compute.matmul() == null ? null : RunSpec.lower(compute.matmul()));
        if (compute.recomputeLowerBlocks()) {
            run.add("--recompute-lower-blocks");
        }
        return run;
    }

    /** The engine's options, which may differ between runs of a study and on {@code --resume}: threads and device. */
    public static List<String> engine(RunSpec spec) {
        List<String> engine = new ArrayList<>();
        add(engine, "--threads", spec.compute().threads() > 0 ? spec.compute().threads() : null);
        engine.addAll(List.of("--device", spec.compute().device()));
        return engine;
    }

    private static void add(List<String> arguments, String option, Object value) {
        if (value != null) {
            arguments.addAll(List.of(option, value.toString()));
        }
    }
}
