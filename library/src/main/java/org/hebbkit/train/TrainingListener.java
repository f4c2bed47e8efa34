package org.hebbkit.train;

/**
 * Receives training events. Events carry plain numbers and strings, never live arrays, so a listener
 * may keep them, print them or plot them. Every method has an empty default.
 *
 * <p>Order: {@code stageStarted}, then {@code batchFinished} per batch and {@code epochFinished} per
 * epoch, then {@code stageFinished}; stages follow one another (unsupervised blocks, features, probe).
 */
public interface TrainingListener {

    /** A stage begins. */
    default void stageStarted(TrainingEvents.StageStarted event) {}

    /** A batch of a stage is done. */
    default void batchFinished(TrainingEvents.BatchFinished event) {}

    /** An epoch of a stage is done, with its metrics. */
    default void epochFinished(TrainingEvents.EpochFinished event) {}

    /** A stage ends. */
    default void stageFinished(TrainingEvents.StageFinished event) {}
}
