package org.hebbkit.sweep;

import org.hebbkit.study.TrialResult;

/** What a study reports while it runs, as plain values ({@link SweepListener}). */
public final class SweepEvents {

    private SweepEvents() {}

    /**
     * The study is planned and checked.
     *
     * @param trials trials in the study
     * @param complete of them already complete (from an earlier run of the same study); these do not run again
     * @param engine the engine that runs the rest, described ({@link StudyEngine#describe})
     */
    public record StudyStarted(int trials, int complete, String engine) {}

    /**
     * A rung of successive halving begins (before its {@link StudyStarted}).
     *
     * @param rung 1 to {@code rungs}
     * @param rungs rungs in all
     * @param configurations configurations in this rung
     * @param trainImages each trial's training images
     * @param evaluation {@code validation} (the lower rungs) or {@code test} (the last)
     */
    public record RungStarted(int rung, int rungs, int configurations, int trainImages, String evaluation) {}

    /**
     * A trial began.
     *
     * @param id the trial
     * @param configuration its preset and settings
     * @param seed its seed
     * @param resumed whether it continues a trial that was stopped ({@code train --resume})
     */
    public record TrialStarted(String id, String configuration, long seed, boolean resumed) {}

    /**
     * A trial ended, complete or failed.
     *
     * @param result how
     * @param ended trials of the study ended so far (those complete before this run included)
     * @param trials trials in the study
     */
    public record TrialFinished(TrialResult result, int ended, int trials) {}
}
