package org.hebbkit.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.hebbkit.notebook.StudyProgress;
import org.hebbkit.notebook.StudyReport;
import org.hebbkit.notebook.StudyRunner;
import org.hebbkit.study.Study;

/**
 * Runs {@code Hebb.sweep} in a notebook: the local engine with the kernel's class path for the trial processes, the
 * study's events shown as {@link StudyProgress}. Registered as a {@link StudyRunner} service.
 */
public final class NotebookStudyRunner implements StudyRunner {

    @Override
    public StudyReport run(Study study, Path output, int workers, int threads, Path data, String device, StudyProgress progress) {
        int trialThreads = LocalEngine.threadsPerTrial(workers, threads);
        LocalEngine engine = new LocalEngine(workers, List.of(), TrialProcess.classPath());
        Sweep sweep = Sweep.builder().setStudy(study).setOutput(output).optEngine(engine).optData(data).optDevice(device)
                .optThreads(trialThreads).optCommand("Hebb.sweep(...) in a notebook").optListener(new SweepListener() {
                    @Override
                    public void studyStarted(SweepEvents.StudyStarted event) {
                        progress.studyStarted(event.trials(), event.complete(), event.engine());
                    }

                    @Override
                    public void rungStarted(SweepEvents.RungStarted event) {
                        progress.rungStarted(event.rung(), event.rungs(), event.configurations(), event.trainImages(),
                                event.evaluation());
                    }

                    @Override
                    public void trialStarted(SweepEvents.TrialStarted event) {
                        progress.trialStarted(event.id(), event.configuration(), event.seed(), event.resumed());
                    }

                    @Override
                    public void trialFinished(SweepEvents.TrialFinished event) {
                        progress.trialFinished(event.result(), event.ended(), event.trials());
                    }
                }).build();
        try {
            sweep.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the study was interrupted; run the same call again to continue it", e);
        }
        StudyReport report = sweep.report();
        progress.finish(report.headline());
        return report;
    }
}
