package org.hebbkit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.model.LinearReadout;
import org.hebbkit.model.Preset;
import org.hebbkit.nn.HebbianBlock;

/**
 * The paper's backpropagation baseline: the same blocks (batch norm, convolution, activation, pooling),
 * then dropout and a linear layer, all trained end to end on labels by gradient descent: cross-entropy,
 * Adam and the probe's schedule, through DJL's autograd. Use a preset whose activations are
 * differentiable everywhere ({@code -backprop} presets use ReLU). Journé et al. (2023), Table 3.
 *
 * <pre>{@code
 * LinearProbe.ProbeResult result = BackpropTrainer.train(network, train, test, 10, preset.probe(), seed, listener);
 * }</pre>
 */
public final class BackpropTrainer {

    private BackpropTrainer() {}

    /**
     * Trains the network's weights and a new readout together.
     *
     * @param network its block weights are trained in place (batch norms adapt as in training mode)
     * @param train labelled training images
     * @param test test images, evaluated after every epoch (may be {@code null})
     * @param classes number of classes
     * @param spec epochs, batch size, Adam learning rate and schedule, dropout
     * @param seed fixes readout initialisation, order and dropout
     * @param listener receives events; may be {@code null}
     */
    public static LinearProbe.ProbeResult train(HebbianNetwork network, LabelledImages train, LabelledImages test,
            int classes, Preset.ProbeSpec spec, long seed, TrainingListener listener) {
        TrainingListener events = listener == null ? new TrainingListener() {} : listener;
        int features = network.featureCount();
        NDManager manager = network.manager().newSubManager();
        SplittableRandom random = new SplittableRandom(seed);
        LinearReadout readout = new LinearReadout(manager,
                LinearProbe.uniform(manager, new Shape(classes, features), features, random),
                LinearProbe.uniform(manager, new Shape(classes), features, random));
        List<NDArray> parameters = new ArrayList<>();
        network.blocks().forEach(block -> parameters.add(block.layer().weight()));
        parameters.add(readout.weight());
        parameters.add(readout.bias());
        List<NDArray[]> moments = new ArrayList<>();
        for (NDArray parameter : parameters) {
            parameter.setRequiresGradient(true);
            moments.add(new NDArray[] {manager.zeros(parameter.getShape()), manager.zeros(parameter.getShape())});
        }
        Dropout dropout = new Dropout(spec.dropout(), random.split());
        String stage = "backprop";
        long batches = (train.size() + spec.batchSize() - 1) / spec.batchSize();
        events.stageStarted(new TrainingEvents.StageStarted(stage, spec.epochs(), batches, train.size()));
        long start = System.nanoTime();
        List<Map<String, Double>> history = new ArrayList<>();
        long step = 0;
        try {
            for (int epoch = 0; epoch < spec.epochs(); epoch++) {
                double rate = LinearProbe.learningRate(spec, epoch);
                MiniBatches epochBatches = MiniBatches.shuffled(train.size(), spec.batchSize(), random);
                double lossSum = 0;
                long correct = 0;
                for (long batch = 0; batch < batches; batch++) {
                    int[] indices = epochBatches.batch(batch);
                    step++;
                    try (NDManager scope = network.newScope()) {
                        readout.attachTo(scope);
                        moments.forEach(pair -> scope.tempAttachAll(pair[0], pair[1]));
                        NDArray labels = scope.create(labelsOf(train, indices));
                        NDArray logits;
                        NDArray loss;
                        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                            NDArray x = network.preprocess(train.images(scope, indices));
                            for (HebbianBlock block : network.blocks()) {
                                x = block.forward(x, HebbianBlock.Phase.ADAPT_NORM);
                            }
                            x = dropout.apply(x.reshape(indices.length, features), scope);
                            logits = readout.logits(x);
                            loss = ReadoutScore.crossEntropy(logits, labels);
                            collector.backward(loss);
                        }
                        float lossValue = loss.getFloat();
                        if (!Float.isFinite(lossValue)) {
                            throw new TrainingDiverged(stage, "the loss", epoch + 1, batch + 1,
                                    "the learning rate (probe.learningRate " + rate + ") is too high; lower it.",
                                    "Its weights are not usable: train again with a lower rate.");
                        }
                        lossSum += lossValue * indices.length;
                        correct += logits.argMax(1).toType(DataType.INT32, false).eq(labels).sum().getLong();
                        for (int p = 0; p < parameters.size(); p++) {
                            NDArray gradient = parameters.get(p).getGradient();
                            gradient.attach(scope);
                            // the step goes through a detached view of the same storage: PyTorch's grad mode is
                            // per thread and on in a fresh one (a notebook cell's), where an in-place step on a
                            // parameter that requires a gradient is refused
                            NDArray values = parameters.get(p).stopGradient();
                            values.attach(scope);
                            LinearProbe.adam(values, gradient, moments.get(p)[0], moments.get(p)[1], rate, step);
                            gradient.muli(0);
                        }
                    }
                    events.batchFinished(new TrainingEvents.BatchFinished(stage, epoch + 1, batch + 1, batches,
                            epochBatches.doneAfter(batch),
                            (System.nanoTime() - start) / 1e9));
                }
                Map<String, Double> scalars = LinearProbe.epochScalars(rate, lossSum, correct, train.size(), readout,
                        test == null ? null : new ComputedFeatures(network, test), spec.evalBatchSize(), manager);
                history.add(scalars);
                events.epochFinished(new TrainingEvents.EpochFinished(stage, epoch + 1, scalars,
                        UnsupervisedTrainer.layerMetrics(network)));
            }
        } finally {
            parameters.forEach(parameter -> parameter.setRequiresGradient(false));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        events.stageFinished(new TrainingEvents.StageFinished(stage, seconds, (long) spec.epochs() * train.size()));
        return new LinearProbe.ProbeResult(readout, history, seconds);
    }

    private static int[] labelsOf(LabelledImages data, int[] indices) {
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = data.label(indices[i]);
        }
        return labels;
    }
}
