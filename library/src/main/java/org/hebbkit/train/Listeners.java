package org.hebbkit.train;

import java.util.List;

/** Fans events out to several listeners, in order. */
final class Listeners implements TrainingListener {

    private final List<TrainingListener> targets;

    Listeners(List<TrainingListener> targets) {
        this.targets = List.copyOf(targets);
    }

    @Override
    public void stageStarted(TrainingEvents.StageStarted event) {
        targets.forEach(listener -> listener.stageStarted(event));
    }

    @Override
    public void batchFinished(TrainingEvents.BatchFinished event) {
        targets.forEach(listener -> listener.batchFinished(event));
    }

    @Override
    public void epochFinished(TrainingEvents.EpochFinished event) {
        targets.forEach(listener -> listener.epochFinished(event));
    }

    @Override
    public void stageFinished(TrainingEvents.StageFinished event) {
        targets.forEach(listener -> listener.stageFinished(event));
    }
}
