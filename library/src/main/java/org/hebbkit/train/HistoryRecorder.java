package org.hebbkit.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps every epoch and stage event, for run records and plots.
 *
 * <pre>{@code
 * HistoryRecorder history = new HistoryRecorder();
 * ... .optListener(history) ...
 * history.epochs();      // every EpochFinished, in order
 * history.stageSeconds(); // wall time per stage
 * }</pre>
 */
public final class HistoryRecorder implements TrainingListener {

    private final List<TrainingEvents.EpochFinished> epochs = new ArrayList<>();
    private final Map<String, TrainingEvents.StageFinished> stages = new LinkedHashMap<>();

    @Override
    public synchronized void epochFinished(TrainingEvents.EpochFinished event) {
        // a continued run computes some stages again (the features): their new events replace the saved ones
        for (int i = 0; i < epochs.size(); i++) {
            if (epochs.get(i).stage().equals(event.stage()) && epochs.get(i).epoch() == event.epoch()) {
                epochs.set(i, event);
                return;
            }
        }
        epochs.add(event);
    }

    @Override
    public synchronized void stageFinished(TrainingEvents.StageFinished event) {
        stages.put(event.stage(), event);
    }

    /** Puts back what a killed run had recorded (before the continued run adds its own events). */
    synchronized void restore(List<TrainingEvents.EpochFinished> savedEpochs,
            Map<String, TrainingEvents.StageFinished> savedStages) {
        epochs.addAll(0, savedEpochs);
        Map<String, TrainingEvents.StageFinished> merged = new LinkedHashMap<>(savedStages);
        merged.putAll(stages);
        stages.clear();
        stages.putAll(merged);
    }

    /** Every epoch event so far. */
    public synchronized List<TrainingEvents.EpochFinished> epochs() {
        return List.copyOf(epochs);
    }

    /** Every finished stage, by name, in order. */
    public synchronized Map<String, TrainingEvents.StageFinished> stages() {
        return new LinkedHashMap<>(stages);
    }
}
