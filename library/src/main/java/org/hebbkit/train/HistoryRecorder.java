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
        epochs.add(event);
    }

    @Override
    public synchronized void stageFinished(TrainingEvents.StageFinished event) {
        stages.put(event.stage(), event);
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
