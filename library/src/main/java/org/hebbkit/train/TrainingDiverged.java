package org.hebbkit.train;

import java.util.Locale;

/**
 * Training stopped because a number went NaN or infinite: a Hebbian layer's weights, or the loss of the probe
 * or of backpropagation. The message names the stage, the layer, the epoch and batch where it was first seen,
 * and the likely cause; after a Hebbian stage diverges the network holds its state from the start of that epoch
 * again (see {@link UnsupervisedTrainer}), so it can be saved or trained on with a lower rate.
 */
public final class TrainingDiverged extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String stage;
    private final String where;
    private final int epoch;
    private final long batch;

    /**
     * @param stage the stage, e.g. {@code "hebbian block 2/3"} or {@code "probe"}
     * @param where what went non-finite, e.g. {@code "layer 2's weights"} or {@code "the probe's loss"}
     * @param epoch 1-based epoch
     * @param batch 1-based batch within the epoch
     * @param cause the likely cause and what to change
     * @param kept what the model holds now
     */
    public TrainingDiverged(String stage, String where, int epoch, long batch, String cause, String kept) {
        super(String.format(Locale.ROOT, "Training diverged: %s became NaN or infinite in stage '%s', epoch %d, batch %d."
                + " Likely cause: %s %s", where, stage, epoch, batch, cause, kept));
        this.stage = stage;
        this.where = where;
        this.epoch = epoch;
        this.batch = batch;
    }

    /** The stage in which it happened. */
    public String stage() {
        return stage;
    }

    /** What went non-finite. */
    public String where() {
        return where;
    }

    /** The 1-based epoch. */
    public int epoch() {
        return epoch;
    }

    /** The 1-based batch within the epoch. */
    public long batch() {
        return batch;
    }
}
