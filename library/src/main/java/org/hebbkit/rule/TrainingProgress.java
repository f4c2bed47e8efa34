package org.hebbkit.rule;

/**
 * Where a layer is in its unsupervised training, as learning-rate schedules read it.
 *
 * @param epoch the current epoch, 0-based
 * @param epochs the layer's epochs in all, at least 1
 * @param fraction fraction of the layer's training done before this batch, in [0, 1]
 */
public record TrainingProgress(int epoch, int epochs, double fraction) {

    /** The start of a one-epoch training. */
    public static final TrainingProgress START = new TrainingProgress(0, 1, 0);

    /** Checks the values. */
    public TrainingProgress {
        if (epochs < 1 || epoch < 0 || !(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("progress needs epochs >= 1, epoch >= 0 and fraction in [0, 1]; got epoch "
                    + epoch + " of " + epochs + ", fraction " + fraction);
        }
    }
}
