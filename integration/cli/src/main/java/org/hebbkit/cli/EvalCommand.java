package org.hebbkit.cli;

import org.hebbkit.run.Range;
import org.hebbkit.run.Arguments;
import org.hebbkit.run.DataSplits;
import org.hebbkit.run.EngineThreads;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import ai.djl.Device;
import org.hebbkit.datasets.ImageSplit;
import org.hebbkit.datasets.Split;
import org.hebbkit.model.Checkpoint;
import org.hebbkit.model.Devices;
import ai.djl.ndarray.types.DataType;
import org.hebbkit.train.FeatureExtractor;
import org.hebbkit.train.Features;
import org.hebbkit.train.ReadoutScore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hebbkit eval}: loads a checkpoint and measures its test accuracy. */
@Command(name = "eval", description = "Evaluate a trained model on its dataset's test split.")
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Checkpoint directory (OUT/model from 'hebbkit train').")
    private Path model;

    @Option(names = "--data", description = "Data directory (default: -Dhebbkit.data, $HEBBKIT_DATA, ~/.hebbkit/datasets).")
    private Path data;

    @Option(names = "--dataset", description = "Evaluate on another dataset's test split, of the same image shape"
            + " (default: the one the model was trained on).")
    private String datasetName;

    @Option(names = "--limit-test", defaultValue = "0", description = "Use only the first N test images.")
    @Range(min = 1, instead = "leave --limit-test out to use every test image")
    private int limitTest;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu, gpu:N or auto.")
    private String deviceName;

    @Option(names = "--threads", defaultValue = "0", description = "Engine threads (default: one per core).")
    @Range(min = 1, instead = "leave --threads out for one per core")
    private int threads;

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Arguments.check(spec, () -> EngineThreads.configure(threads));
        Device device = Arguments.check(spec, () -> Devices.parse(deviceName));
        Arguments.check(spec, () -> DataSplits.requireDataFolder(data));
        String chosen = datasetName == null ? null : Arguments.check(spec, () -> DataSplits.canonicalName(datasetName));
        Path directory = model.getFileName() != null && model.resolve(Checkpoint.MODEL).toFile().isFile() ? model
                : model.resolve("model");
        try (Checkpoint.Loaded loaded = Checkpoint.load(directory, device)) {
            String dataset = chosen == null ? loaded.network().preset().dataset() : chosen;
            ImageSplit test = DataSplits.load(dataset, Split.TEST, data, false, limitTest);
            Arguments.check(spec, () -> DataSplits.requireShape(loaded.network().preset(), "this model was trained on",
                    dataset, test, "evaluate it on data of its shape, or train a model for " + dataset
                            + " ('hebbkit train --dataset " + dataset + "')"));
            // the same path as 'train': features cached in float16, then the readout
            ReadoutScore score;
            try (Features features = FeatureExtractor.extract(loaded.network(), DataSplits.adapt(test), FeatureExtractor.DEFAULT_BATCH_SIZE,
                    DataType.FLOAT16, null, "test")) {
                score = ReadoutScore.of(loaded.readout(), features, loaded.network().preset().probe().evalBatchSize(),
                        loaded.network().manager());
            }
            spec.commandLine().getOut().printf(Locale.ROOT, "%s on %,d %s test images, %s%ntest accuracy: %.2f%%%n",
                    loaded.network().preset().name(), test.size(), dataset, Devices.describe(deviceName, device),
                    score.accuracy() * 100);
        }
        return 0;
    }
}
