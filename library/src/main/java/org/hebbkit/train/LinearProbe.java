package org.hebbkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hebbkit.model.LinearReadout;
import org.hebbkit.model.Preset;

/**
 * The linear probe of SoftHebb: dropout on the frozen features, one linear layer, cross-entropy,
 * Adam ({@code beta1 0.9, beta2 0.999, eps 1e-8}), learning rate halved at each milestone (fractions
 * of the epochs: 20/35/50/60/70/80/90 % in the CIFAR presets), mini-batches in a new seeded order
 * every epoch. The gradient of the loss is written out (it is linear in the features), so no autograd
 * runs: {@code dL/dlogits = (softmax - onehot) / B}, {@code dW = dL/dlogits^T x}.
 *
 * <p>On CPU, in a JVM with the vector API ({@code --add-modules jdk.incubator.vector}: the {@code hebbkit} launcher,
 * the notebook kernel and the tests add it), features in a {@link Features} cache train through the fused step
 * ({@link FusedProbe}): read from the cache's memory, masked, multiplied and updated in Java, with the same result for
 * any thread count. Elsewhere (no vector API, a GPU, features computed on the fly) the engine computes the step one
 * operation at a time, with the same masks; the two agree up to rounding ({@code ProbeFormulationTest}).
 *
 * <p>One seed fixes the initialisation (PyTorch's {@code U(-1/sqrt F, 1/sqrt F)}), the order and the
 * dropout masks, all drawn from one {@link SplittableRandom}, so a seed gives the same readout on every run, and the
 * same masks on every engine and device.
 *
 * <pre>{@code
 * ProbeResult result = LinearProbe.train(trainFeatures, testFeatures, 10, preset.probe(), seed, manager, listener);
 * }</pre>
 */
public final class LinearProbe {

    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-8f;

    private LinearProbe() {}

    /**
     * Trains the readout, evaluating on {@code test} after every epoch.
     *
     * @param train training features
     * @param test test features (may be {@code null} to skip per-epoch testing)
     * @param classes number of classes
     * @param spec epochs, batch size, learning rate, dropout, milestones
     * @param seed fixes initialisation, order and dropout
     * @param parent manager the readout is created under (its device is used)
     * @param listener receives events; may be {@code null}
     */
    public static ProbeResult train(FeatureSource train, FeatureSource test, int classes, Preset.ProbeSpec spec,
            long seed, NDManager parent, TrainingListener listener) {
        return train(train, test, classes, spec, seed, parent, listener, null, null);
    }

    /**
     * Where a probe stands after some epochs, as plain values: what {@link RunCheckpoints} saves after each epoch
     * and gives back to continue a killed run.
     *
     * @param epochs epochs done
     * @param step Adam steps done
     * @param weight readout weight, {@code [classes * features]}
     * @param bias readout bias, {@code [classes]}
     * @param moments Adam's first and second moments of weight, then of bias
     * @param history the scalars of each epoch done
     */
    public record ProbeState(int epochs, long step, float[] weight, float[] bias, float[][] moments,
            List<Map<String, Double>> history) {

        /** Copies the history. */
        public ProbeState {
            history = List.copyOf(history);
        }
    }

    /** Called after every probe epoch with the probe's state (e.g. to save the run's progress). */
    @FunctionalInterface
    public interface EpochDone {
        /** @param state the state after the epoch */
        void epochDone(ProbeState state);
    }

    /**
     * {@link #train(FeatureSource, FeatureSource, int, Preset.ProbeSpec, long, NDManager, TrainingListener)}, continued
     * from a saved state and reporting each epoch's. A continued probe ends with the readout of an uninterrupted one:
     * the orders and dropout masks of the epochs already done are drawn again (and discarded) before the next.
     *
     * @param resumeFrom the state to continue from, or {@code null} to start
     * @param epochDone called after each epoch, or {@code null}
     */
    public static ProbeResult train(FeatureSource train, FeatureSource test, int classes, Preset.ProbeSpec spec,
            long seed, NDManager parent, TrainingListener listener, ProbeState resumeFrom, EpochDone epochDone) {
        // the fused kernel keeps the weights and Adam's two moments on the Java heap: where they would take more than
        // half of it (a 1,000-class readout of 307,200 features: 3.7 GB), the engine's steps are taken instead
        long heapNeeded = 3L * classes * train.featureCount() * Float.BYTES;
        boolean fits = heapNeeded < Runtime.getRuntime().maxMemory() / 2;
        ProbeKernel kernel = fits && FusedProbe.supports(train, parent) ? FusedProbe.VECTOR : null;
        return train(train, test, classes, spec, seed, parent, listener, resumeFrom, epochDone, kernel,
                FusedProbe.defaultThreads());
    }

    /**
     * The arithmetic {@link #train} uses for {@code train} under {@code parent}: the fused CPU step's kernel
     * ({@link ProbeKernel#name()}), or "engine" (one engine operation at a time: features not in a CPU {@link Features}
     * cache, or another device).
     */
    public static String formulation(FeatureSource train, NDManager parent) {
        return FusedProbe.supports(train, parent) ? "fused " + FusedProbe.VECTOR.name()
                : FusedProbe.VECTOR == null ? "engine (no vector API: --add-modules jdk.incubator.vector)" : "engine";
    }

    /**
     * The threads the fused CPU step spreads each batch over: {@code ai.djl.pytorch.num_threads} when set (as the
     * command line's {@code --threads} does), else one per core.
     */
    public static int threads() {
        return FusedProbe.defaultThreads();
    }

    /**
     * {@link #train}, with the fused step on {@code kernel} over {@code threads} threads, or the engine's operations
     * when {@code kernel} is {@code null}.
     */
    static ProbeResult train(FeatureSource train, FeatureSource test, int classes, Preset.ProbeSpec spec,
            long seed, NDManager parent, TrainingListener listener, ProbeState resumeFrom, EpochDone epochDone,
            ProbeKernel kernel, int threads) {
        TrainingListener events = listener == null ? new TrainingListener() {} : listener;
        int features = train.featureCount();
        NDManager manager = parent.newSubManager();
        SplittableRandom random = new SplittableRandom(seed);
        LinearReadout readout = new LinearReadout(manager,
                uniform(manager, new Shape(classes, features), features, random),
                uniform(manager, new Shape(classes), features, random));
        NDArray[] moments = {
            manager.zeros(new Shape(classes, features)), manager.zeros(new Shape(classes, features)),
            manager.zeros(new Shape(classes)), manager.zeros(new Shape(classes))};
        Dropout dropout = new Dropout(spec.dropout(), random.split());
        String stage = "probe";
        long batches = (train.size() + spec.batchSize() - 1) / spec.batchSize();
        events.stageStarted(new TrainingEvents.StageStarted(stage, spec.epochs(), batches, train.size()));
        long start = System.nanoTime();
        List<Map<String, Double>> history = new ArrayList<>();
        long step = 0;
        int firstEpoch = 0;
        if (resumeFrom != null) {
            for (int done = 0; done < resumeFrom.epochs(); done++) {
                MiniBatches.shuffled(train.size(), spec.batchSize(), random);
                dropout.skip(batches);
            }
            readout.weight().set(resumeFrom.weight());
            readout.bias().set(resumeFrom.bias());
            for (int m = 0; m < moments.length; m++) {
                moments[m].set(resumeFrom.moments()[m]);
            }
            step = resumeFrom.step();
            history.addAll(resumeFrom.history());
            firstEpoch = resumeFrom.epochs();
        }
        FusedProbe fused = kernel == null ? null
                : new FusedProbe((Features) train, readout.weight().toFloatArray(), readout.bias().toFloatArray(),
                        new float[][] {moments[0].toFloatArray(), moments[1].toFloatArray(), moments[2].toFloatArray(),
                            moments[3].toFloatArray()}, spec.batchSize(), threads, kernel);
        try {
            for (int epoch = firstEpoch; epoch < spec.epochs(); epoch++) {
                double rate = learningRate(spec, epoch);
                MiniBatches epochBatches = MiniBatches.shuffled(train.size(), spec.batchSize(), random);
                double lossSum = 0;
                long correct = 0;
                for (long batch = 0; batch < batches; batch++) {
                    int[] indices = epochBatches.batch(batch);
                    step++;
                    FusedProbe.BatchOutcome outcome = fused != null
                            ? fused.step(indices, labels(train, indices), dropout, rate, step)
                            : engineStep(train, indices, readout, moments, dropout, classes, rate, step, manager);
                    checkFinite((float) (outcome.lossSum() / indices.length), stage, rate, epoch, batch);
                    lossSum += outcome.lossSum();
                    correct += outcome.correct();
                    events.batchFinished(new TrainingEvents.BatchFinished(stage, epoch + 1, batch + 1, batches,
                            epochBatches.doneAfter(batch),
                            (System.nanoTime() - start) / 1e9));
                }
                if (fused != null) {
                    fused.writeTo(readout, moments);
                }
                Map<String, Double> scalars = epochScalars(rate, lossSum, correct, train.size(), readout, test,
                        spec.evalBatchSize(), manager);
                history.add(scalars);
                events.epochFinished(new TrainingEvents.EpochFinished(stage, epoch + 1, scalars, List.of()));
                if (epochDone != null) {
                    float[][] momentValues = new float[moments.length][];
                    for (int m = 0; m < moments.length; m++) {
                        momentValues[m] = moments[m].toFloatArray();
                    }
                    epochDone.epochDone(new ProbeState(epoch + 1, step, readout.weight().toFloatArray(),
                            readout.bias().toFloatArray(), momentValues, history));
                }
            }
        } finally {
            if (fused != null) {
                fused.close();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        events.stageFinished(new TrainingEvents.StageFinished(stage, seconds, (long) spec.epochs() * train.size()));
        return new ProbeResult(readout, history, seconds);
    }

    /**
     * One step in the engine's operations: the features of the batch as an array, the mask, the logits, the gradient
     * and Adam, one operation at a time. Takes no step when the loss is not finite.
     */
    private static FusedProbe.BatchOutcome engineStep(FeatureSource train, int[] indices, LinearReadout readout,
            NDArray[] moments, Dropout dropout, int classes, double rate, long step, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            readout.attachTo(scope);
            for (NDArray moment : moments) {
                scope.tempAttachAll(moment);
            }
            // dropout as x * mask, its factor 1 / (1 - p) moved to the [B, classes] and [classes, F] products
            NDArray x = train.rows(scope, indices);
            float scale = 1;
            if (dropout.active()) {
                x.muli(dropout.keep(scope, x.getShape()));
                scale = (float) dropout.scale();
            }
            NDArray labels = ReadoutScore.labels(scope, train, indices);
            NDArray logits = readout.logits(x, scale);
            float loss = ReadoutScore.crossEntropy(logits, labels).getFloat();
            int correct = (int) logits.argMax(1).toType(DataType.INT32, false).eq(labels).sum().getLong();
            if (Float.isFinite(loss)) {
                NDArray gradLogits = logits.softmax(1).sub(labels.oneHot(classes)).div(indices.length);
                adam(readout.weight(), gradLogits.transpose().matMul(x).muli(scale), moments[0], moments[1], rate, step);
                adam(readout.bias(), gradLogits.sum(new int[] {0}), moments[2], moments[3], rate, step);
            }
            return new FusedProbe.BatchOutcome((double) loss * indices.length, correct);
        }
    }

    private static int[] labels(FeatureSource train, int[] indices) {
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = train.label(indices[i]);
        }
        return labels;
    }

    private static void checkFinite(float loss, String stage, double rate, int epoch, long batch) {
        if (!Float.isFinite(loss)) {
            throw new TrainingDiverged(stage, "the probe's loss", epoch + 1, batch + 1,
                    "the probe's learning rate (probe.learningRate " + rate + ") is too high for features"
                            + " this large, or the features hold NaN or infinite values; lower the rate.",
                    "The Hebbian layers are unchanged.");
        }
    }

    /**
     * Learning rate of 0-based {@code epoch}: halved once for every milestone epoch {@code floor(f * epochs) <= epoch}.
     * As SoftHebb's {@code CustomStepLR}, the preset's milestones apply to probes of 50 epochs or more; probes of
     * 20 to 49 epochs halve at 50 % and 75 %, shorter ones keep the rate constant.
     */
    public static double learningRate(Preset.ProbeSpec spec, int epoch) {
        double rate = spec.learningRate();
        java.util.List<Double> milestones = spec.epochs() >= 50 ? spec.milestones()
                : spec.epochs() >= 20 ? java.util.List.of(0.5, 0.75) : java.util.List.of();
        for (double fraction : milestones) {
            if ((int) Math.floor(fraction * spec.epochs()) <= epoch) {
                rate /= 2;
            }
        }
        return rate;
    }

    /**
     * The scalars recorded after an epoch: learning_rate, train_loss, train_accuracy and, when {@code test} is
     * given, test_accuracy and test_loss of {@code readout} on it.
     */
    static Map<String, Double> epochScalars(double rate, double lossSum, long correct, int trainSize,
            LinearReadout readout, FeatureSource test, int evalBatchSize, NDManager manager) {
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("learning_rate", rate);
        scalars.put("train_loss", lossSum / trainSize);
        scalars.put("train_accuracy", (double) correct / trainSize);
        if (test != null) {
            ReadoutScore measured = ReadoutScore.of(readout, test, evalBatchSize, manager);
            scalars.put("test_accuracy", measured.accuracy());
            scalars.put("test_loss", measured.loss());
        }
        return scalars;
    }

    /** One Adam step (PyTorch's, no weight decay) on {@code parameter}, in place. */
    static void adam(NDArray parameter, NDArray gradient, NDArray first, NDArray second, double rate, long step) {
        first.muli(BETA1).addi(gradient.mul(1 - BETA1));
        second.muli(BETA2).addi(gradient.square().mul(1 - BETA2));
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = Math.sqrt(1 - Math.pow(BETA2, step));
        NDArray denominator = second.sqrt().div(correction2).add(EPSILON);
        parameter.subi(first.div(denominator).mul(rate / correction1));
    }

    static NDArray uniform(NDManager manager, Shape shape, int fanIn, SplittableRandom random) {
        double bound = 1 / Math.sqrt(fanIn);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return manager.create(values, shape);
    }

    /**
     * The trained readout and its history.
     *
     * @param readout the classifier (close it, or its manager's parent)
     * @param history per epoch: learning_rate, train_loss, train_accuracy, test_accuracy, test_loss
     * @param seconds wall time of training
     */
    public record ProbeResult(LinearReadout readout, List<Map<String, Double>> history, double seconds) {

        /** Test accuracy after the last epoch, or NaN when no test set was given. */
        public double finalTestAccuracy() {
            return history.isEmpty() ? Double.NaN : history.get(history.size() - 1).getOrDefault("test_accuracy", Double.NaN);
        }
    }
}
