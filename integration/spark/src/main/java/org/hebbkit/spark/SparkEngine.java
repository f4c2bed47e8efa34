package org.hebbkit.spark;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.hebbkit.model.AtomicFiles;
import org.hebbkit.model.Configs;
import org.hebbkit.model.Preset;
import org.hebbkit.study.Trial;
import org.hebbkit.study.TrialResult;
import org.hebbkit.sweep.StudyEngine;
import org.hebbkit.sweep.TrialProcess;
import org.hebbkit.sweep.TrialTask;

/**
 * Runs a study's trials as Spark tasks, one task per trial: an executor runs the trial's {@code hebbkit train} as
 * a process of its own ({@link TrialProcess}) and returns the result to the driver. Spark's task retry is the fault
 * tolerance: a lost executor's trials run again elsewhere; a task first looks for the trial's {@code trial.json}
 * and returns it without running, so a completed trial never runs twice. Trial folders must be on a file system
 * every executor shares with the driver (the study's {@code --out}), and so must the class path of the trial
 * processes ({@code spark.hebbkit.trialClasspath}, default the driver's class path).
 *
 * <p>For {@code local[...]} masters every Spark service binds to 127.0.0.1 and the UI is off. A {@code spark://}
 * master is checked for a listening port before Spark starts (5 s), so that an unreachable master is a clear error
 * at once instead of Spark's minute of retries.
 */
public final class SparkEngine implements StudyEngine {

    /** The Spark setting that names the class path of the trial processes on the executors. */
    public static final String TRIAL_CLASSPATH = "spark.hebbkit.trialClasspath";

    private final String master;
    private final int workers;
    private final List<String> javaOptions;

    /**
     * @param master {@code local[N]}, {@code spark://HOST:PORT}, ...; {@code null}: the one {@code spark-submit} set,
     *     else {@code local[workers]}
     * @param workers trials at a time for the default local master
     * @param javaOptions JVM options for each trial process
     */
    public SparkEngine(String master, int workers, List<String> javaOptions) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        this.master = master;
        this.workers = workers;
        this.javaOptions = List.copyOf(javaOptions);
    }

    @Override
    public String describe() {
        return "spark, master " + master();
    }

    private String master() {
        if (master != null) {
            return master;
        }
        return System.getProperty("spark.master", "local[" + workers + "]");
    }

    @Override
    public List<TrialResult> run(List<TrialTask> tasks, Consumer<TrialTask> started, Consumer<TrialResult> finished)
            throws InterruptedException {
        if (tasks.isEmpty()) {
            return List.of();
        }
        String where = master();
        requireReachable(where);
        SparkConf conf = new SparkConf().setAppName("hebbkit sweep").setMaster(where)
                .setIfMissing("spark.ui.enabled", "false")
                .set("spark.speculation", "false"); // a trial runs once at a time
        if (where.startsWith("local")) {
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        // absolute: executors run in directories of their own
        String classpath = java.util.Arrays.stream(conf.get(TRIAL_CLASSPATH, System.getProperty("java.class.path"))
                .split(java.io.File.pathSeparator)).map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        // executors load this engine's task code from its jar, served by the driver (spark-submit sets spark.jars)
        if (!conf.contains(TRIAL_CLASSPATH) && !onClassPath(classpath, "org/hebbkit/run/TrainMain.class")) {
            throw new IllegalArgumentException("the class path of this JVM does not hold HebbKit's trial main class"
                    + " (org.hebbkit.run.TrainMain, in hebbkit-study; under"
                    + " spark-submit, HebbKit's jars are in a class loader of their own): set " + TRIAL_CLASSPATH
                    + " to the class path of the trial processes on the executors, e.g. --conf " + TRIAL_CLASSPATH
                    + "=/opt/hebbkit/lib/*");
        }
        String jar = JavaSparkContext.jarOfClass(SparkEngine.class).length > 0
                ? JavaSparkContext.jarOfClass(SparkEngine.class)[0] : null;
        if (jar != null && !conf.contains("spark.jars")) {
            conf.set("spark.jars", jar);
        }
        List<String> payloads = new ArrayList<>();
        for (TrialTask task : tasks) {
            payloads.add(payload(task).toString());
        }
        JavaSparkContext context = new JavaSparkContext(conf);
        try {
            context.setLogLevel("WARN");
            context.sc().addSparkListener(new Progress(tasks, started, finished));
            context.setJobGroup("hebbkit-sweep", "hebbkit sweep: " + tasks.size() + " trials", true);
            List<String> results;
            try {
                results = context.parallelize(payloads, payloads.size()).map(new RunTrial(javaOptions, classpath)).collect();
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
                    context.cancelJobGroup("hebbkit-sweep");
                    throw new InterruptedException("the study was interrupted");
                }
                throw e;
            }
            List<TrialResult> parsed = new ArrayList<>();
            for (String result : results) {
                parsed.add(TrialResult.fromJson(JsonParser.parseString(result).getAsJsonObject()));
            }
            return parsed;
        } finally {
            context.stop();
        }
    }

    /**
     * A {@code spark://HOST:PORT[,HOST2:PORT2]} master must accept a connection within 5 s.
     *
     * @throws IllegalStateException naming the master and what to check
     */
    static void requireReachable(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        List<String> refusals = new ArrayList<>();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            URI uri = URI.create("spark://" + hostPort);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("--master " + master + ": expected spark://HOST:PORT");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
                return;
            } catch (IOException e) {
                refusals.add(hostPort + " (" + e.getMessage() + ")");
            }
        }
        throw new IllegalStateException("cannot reach the Spark master " + master + ": " + String.join(", ", refusals)
                + "; start it (sbin/start-master.sh) or check --master; no trial was run");
    }

    /**
     * Whether an entry of {@code classpath} (a directory or a jar, or a jar named by a jar's manifest
     * {@code Class-Path}, as surefire's and {@code java -jar}'s class paths are) holds {@code resource}.
     */
    static boolean onClassPath(String classpath, String resource) {
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (holds(Path.of(entry), resource, true)) {
                return true;
            }
        }
        return false;
    }

    private static boolean holds(Path path, String resource, boolean followManifest) {
        if (Files.isDirectory(path)) {
            return Files.isRegularFile(path.resolve(resource));
        }
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(path.toFile())) {
            if (jar.getEntry(resource) != null) {
                return true;
            }
            java.util.jar.Manifest manifest = jar.getManifest();
            String manifestPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (followManifest && manifestPath != null) {
                for (String item : manifestPath.trim().split("\\s+")) {
                    try {
                        if (holds(Path.of(path.toUri().resolve(item)), resource, false)) {
                            return true;
                        }
                    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                        // not a local file
                    }
                }
            }
        } catch (IOException e) {
            // not a jar
        }
        return false;
    }

    /** What an executor needs of a task: the trial (preset included), its folder and its arguments. */
    private static JsonObject payload(TrialTask task) {
        JsonObject json = TrialResult.failed(task.trial(), 0, "").toJson();
        json.add("recipe", Configs.toTree(task.trial().preset()));
        json.addProperty("directory", task.directory().toAbsolutePath().toString());
        json.add("run_arguments", strings(task.runArguments()));
        json.add("engine_arguments", strings(task.engineArguments()));
        return json;
    }

    private static TrialTask task(JsonObject payload) {
        TrialResult plain = TrialResult.fromJson(payload);
        Trial trial = new Trial(plain.id(), plain.presetName(), plain.settings(), plain.seed(),
                Configs.fromTree(payload.get("recipe"), Preset.class));
        return new TrialTask(trial, Path.of(payload.get("directory").getAsString()),
                strings(payload.getAsJsonArray("run_arguments")), strings(payload.getAsJsonArray("engine_arguments")));
    }

    private static JsonArray strings(List<String> list) {
        JsonArray array = new JsonArray();
        list.forEach(array::add);
        return array;
    }

    private static List<String> strings(JsonArray array) {
        List<String> list = new ArrayList<>();
        for (JsonElement item : array) {
            list.add(item.getAsString());
        }
        return list;
    }

    /** The failure of the last attempt, for the driver's progress (a complete trial has {@code trial.json}). */
    private static final String FAILURE = "failure.json";

    /** Runs one trial on an executor; returns its result as JSON. */
    private static final class RunTrial implements Function<String, String> {
        private static final long serialVersionUID = 1L;
        private final List<String> javaOptions;
        private final String classpath;

        RunTrial(List<String> javaOptions, String classpath) {
            this.javaOptions = new ArrayList<>(javaOptions);
            this.classpath = classpath;
        }

        @Override
        public String call(String payload) throws Exception {
            TrialTask task = task(JsonParser.parseString(payload).getAsJsonObject());
            TrialResult result;
            try {
                TrialResult done = task.completed();
                if (done != null) {
                    return done.toJson().toString(); // complete already (a retried task): never run twice
                }
                Files.deleteIfExists(task.directory().resolve(FAILURE));
                Set<Process> running = ConcurrentHashMap.newKeySet();
                result = TrialProcess.run(task, javaOptions, classpath, running);
            } catch (RuntimeException | IOException e) {
                // one trial's failure, not the job's: Spark would otherwise retry and then cancel every trial
                result = TrialResult.failed(task.trial(), 0, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            if (!result.complete()) {
                String json = result.toJson().toString();
                AtomicFiles.write(task.directory().resolve(FAILURE), out -> out.write(json.getBytes(StandardCharsets.UTF_8)));
            }
            return result.toJson().toString();
        }
    }

    /** Reports trials as their tasks start and end (task index = trial index: one partition per trial). */
    private static final class Progress extends SparkListener {
        private final List<TrialTask> tasks;
        private final Consumer<TrialTask> started;
        private final Consumer<TrialResult> finished;

        Progress(List<TrialTask> tasks, Consumer<TrialTask> started, Consumer<TrialResult> finished) {
            this.tasks = tasks;
            this.started = started;
            this.finished = finished;
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart event) {
            int index = event.taskInfo().index();
            if (index >= 0 && index < tasks.size()) {
                started.accept(tasks.get(index));
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd event) {
            int index = event.taskInfo().index();
            if (!event.taskInfo().successful() || index < 0 || index >= tasks.size()) {
                return; // a lost task runs again
            }
            TrialTask task = tasks.get(index);
            TrialResult result = task.completed();
            if (result == null) {
                try {
                    result = TrialResult.fromJson(JsonParser.parseString(Files.readString(
                            task.directory().resolve(FAILURE), StandardCharsets.UTF_8)).getAsJsonObject());
                } catch (IOException | RuntimeException e) {
                    result = TrialResult.failed(task.trial(), event.taskInfo().duration() / 1e3,
                            "the task ended without a result in " + task.directory());
                }
            }
            finished.accept(result);
        }
    }
}
