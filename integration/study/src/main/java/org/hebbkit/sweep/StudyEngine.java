package org.hebbkit.sweep;

import java.util.List;
import java.util.function.Consumer;
import org.hebbkit.study.TrialResult;

/**
 * Runs a study's trials: {@link LocalEngine} in worker processes on this machine; the Spark engine (module
 * {@code integration/spark}) as Spark tasks. An engine runs each task's {@code hebbkit train}, and once it exited
 * normally calls {@link TrialTask#harvest}; it never runs a task whose {@link TrialTask#completed} is set.
 */
public interface StudyEngine {

    /**
     * Runs every task and returns their results in task order. A trial that fails is a failed result, not an
     * exception.
     *
     * @param started called as a trial begins (from any thread)
     * @param finished called as a trial ends (from any thread)
     * @throws InterruptedException when the study is interrupted; trials under way are stopped
     */
    List<TrialResult> run(List<TrialTask> tasks, Consumer<TrialTask> started, Consumer<TrialResult> finished)
            throws InterruptedException;

    /** The engine in a few words, e.g. {@code local, 2 workers}. */
    String describe();
}
