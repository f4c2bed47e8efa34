package org.hebbkit.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.hebbkit.study.TrialResult;

/**
 * Runs trials in worker processes on this machine, {@code workers} at a time: each trial is its own JVM running
 * {@code hebbkit train}, so a trial that crashes (or runs out of memory) fails alone and the study goes on. Output
 * goes to the trial's {@code train.log}. The processes end with the study: on an interrupt or a normal JVM exit
 * they are destroyed, and each also watches this process ({@link TrialProcess}) and stops within a second
 * of its death, even a {@code kill -9}, so that no orphan writes into a study that is run again.
 */
public final class LocalEngine implements StudyEngine {

    private final int workers;
    private final List<String> javaOptions;
    private final String classPath;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    /** Set when a study is stopped: its workers report nothing more. */
    private volatile AtomicBoolean cancelled;

    /**
     * @param workers trial processes at a time, at least 1
     * @param javaOptions JVM options for each trial process (e.g. {@code -Xmx4g}); the engine adds the class path,
     *     {@code -Dai.djl.offline=true} and {@code -DOPT_OUT_TRACKING=true}
     */
    public LocalEngine(int workers, List<String> javaOptions) {
        this(workers, javaOptions, System.getProperty("java.class.path"));
    }

    /**
     * @param workers trial processes at a time, at least 1
     * @param javaOptions JVM options for each trial process
     * @param classPath the trial processes' class path, holding HebbKit's command line and its dependencies
     *     ({@link TrialProcess#classPath()} finds it where this JVM's own class path lacks it, as in a notebook kernel)
     */
    public LocalEngine(int workers, List<String> javaOptions, String classPath) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        this.workers = workers;
        this.javaOptions = List.copyOf(javaOptions);
        this.classPath = Objects.requireNonNull(classPath, "classPath");
    }

    /**
     * Engine threads for each trial: {@code threads} when not 0; else this machine's cores divided among the
     * {@code workers} trials that run at a time (at least 1); else, when the number of workers is not given either,
     * 0: each trial takes every core of the machine it runs on (a Spark executor's, not necessarily this one's).
     */
    public static int threadsPerTrial(Integer workers, int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be at least 0 (0: the cores divided among the workers), got "
                    + threads);
        }
        if (threads != 0 || workers == null) {
            return threads;
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
    }

    @Override
    public String describe() {
        return "local, " + workers + " worker process" + (workers == 1 ? "" : "es");
    }

    @Override
    public List<TrialResult> run(List<TrialTask> tasks, Consumer<TrialTask> started, Consumer<TrialResult> finished)
            throws InterruptedException {
        Thread hook = new Thread(this::stopAll, "hebbkit-sweep-stop-trials");
        Runtime.getRuntime().addShutdownHook(hook);
        ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "hebbkit-sweep-worker");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<TrialResult>> futures = new ArrayList<>();
            AtomicBoolean cancelled = new AtomicBoolean();
            for (TrialTask task : tasks) {
                futures.add(pool.submit(() -> {
                    if (cancelled.get()) {
                        throw new InterruptedException("the study was stopped");
                    }
                    started.accept(task);
                    TrialResult result = runOne(task);
                    if (cancelled.get()) {
                        throw new InterruptedException("the study was stopped"); // no report after run() has returned
                    }
                    finished.accept(result);
                    return result;
                }));
            }
            this.cancelled = cancelled;
            List<TrialResult> results = new ArrayList<>();
            for (Future<TrialResult> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("the sweep's worker failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
            return results;
        } catch (InterruptedException | RuntimeException e) {
            if (cancelled != null) {
                cancelled.set(true);
            }
            stopAll();
            throw e;
        } finally {
            pool.shutdownNow();
            if (!pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                stopAll();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs
            }
        }
    }

    private TrialResult runOne(TrialTask task) throws InterruptedException {
        return TrialProcess.run(task, javaOptions, classPath, running);
    }

    private void stopAll() {
        running.forEach(TrialProcess::destroy);
    }
}
