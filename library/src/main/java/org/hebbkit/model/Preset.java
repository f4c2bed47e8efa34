package org.hebbkit.model;

import java.util.List;

/**
 * A complete, paper-exact recipe: architecture, unsupervised training and readout. Presets are JSON
 * resources under {@code org/hebbkit/model/presets/} and are listed by {@link Presets}.
 *
 * @param name identifier, e.g. {@code softhebb-cifar10-3layer}
 * @param description one line for listings
 * @param reference the paper, table and number this preset reproduces
 * @param dataset {@code "cifar-10"}, {@code "mnist"}, ...
 * @param input {@code [channels, height, width]}
 * @param blocks the Hebbian blocks, input first
 * @param training {@code "hebbian"}, {@code "frozen-random"} (weights stay at their initialisation) or
 *     {@code "backprop"} (end to end by gradient descent)
 * @param unsupervised how the blocks learn
 * @param probe how the linear readout is trained
 */
public record Preset(String name, String description, String reference, String dataset, List<Integer> input,
        List<BlockSpec> blocks, String training, UnsupervisedSpec unsupervised, ProbeSpec probe) {

    /** Copies the lists. */
    public Preset {
        input = List.copyOf(input);
        blocks = List.copyOf(blocks);
    }

    /**
     * Unsupervised training as data.
     *
     * @param mode {@code "successive"}, {@code "consecutive"} or {@code "simultaneous"}
     * @param epochs epochs per block (successive) or in all
     * @param batchSize images per Hebbian update
     */
    public record UnsupervisedSpec(String mode, int epochs, int batchSize) {}

    /**
     * Linear-probe training as data.
     *
     * @param epochs passes over the training features
     * @param batchSize examples per Adam step
     * @param learningRate Adam's initial learning rate
     * @param dropout dropout probability on the features (0 for none)
     * @param milestones fractions of the epochs at which the learning rate halves
     * @param evalBatchSize examples per evaluation batch
     */
    public record ProbeSpec(int epochs, int batchSize, double learningRate, double dropout, List<Double> milestones,
            int evalBatchSize) {

        /** Copies the list. */
        public ProbeSpec {
            milestones = List.copyOf(milestones);
        }

        /** This spec with another number of epochs. */
        public ProbeSpec withEpochs(int newEpochs) {
            return new ProbeSpec(newEpochs, batchSize, learningRate, dropout, milestones, evalBatchSize);
        }
    }

    /** This preset with another name, description, reference, training kind and blocks (for baselines). */
    public Preset derive(String newName, String newDescription, String newReference, String newTraining,
            List<BlockSpec> newBlocks) {
        return new Preset(newName, newDescription, newReference, dataset, input, newBlocks, newTraining, unsupervised,
                probe);
    }

    /** This preset with another unsupervised mode. */
    public Preset withMode(String mode) {
        return new Preset(name, description, reference, dataset, input, blocks, training,
                new UnsupervisedSpec(mode, unsupervised.epochs(), unsupervised.batchSize()), probe);
    }

    /** This preset with another probe. */
    public Preset withProbe(ProbeSpec newProbe) {
        return new Preset(name, description, reference, dataset, input, blocks, training, unsupervised, newProbe);
    }
}
