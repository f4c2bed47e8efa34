package org.hebbkit.sweep;

/**
 * Receives a study's events ({@link SweepEvents}). Calls come from the engine's threads, one at a time (the
 * sweep serialises them), in this order: {@code studyStarted}, then {@code trialStarted} and
 * {@code trialFinished} per trial, trials overlapping as the engine runs them side by side.
 */
public interface SweepListener {

    /** The study is planned; nothing has run yet. */
    default void studyStarted(SweepEvents.StudyStarted event) {}

    /** A rung of successive halving begins. */
    default void rungStarted(SweepEvents.RungStarted event) {}

    /** A trial began. */
    default void trialStarted(SweepEvents.TrialStarted event) {}

    /** A trial ended. */
    default void trialFinished(SweepEvents.TrialFinished event) {}
}
