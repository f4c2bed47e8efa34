package org.hebbkit.sweep;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hebbkit.run.TrainMain;
import org.hebbkit.study.TrialResult;

/**
 * One trial as a process: {@code java OPTIONS -cp CLASSPATH org.hebbkit.run.TrainMain ARGUMENTS} (that is {@code hebbkit train ARGUMENTS}), with
 * this JVM's {@code java}, output appended to the trial's {@code train.log}. The process watches the JVM that
 * started it ({@code -Dhebbkit.parent.pid}) and stops within a second of its death, so that no orphan goes on
 * writing into a study that is run again. Used by every engine ({@link LocalEngine}, and the Spark engine on its
 * executors).
 */
public final class TrialProcess {

    /** The system property a trial process reads: the pid whose death ends it. */
    public static final String PARENT_PID = org.hebbkit.run.CommandLines.PARENT_PID;

    private TrialProcess() {}

    /**
     * Runs the trial to its end; a complete trial's result is harvested ({@link TrialTask#harvest}).
     *
     * @param javaOptions JVM options for the trial (e.g. {@code -Xmx4g})
     * @param classpath the class path holding {@link TrainMain} ({@code hebbkit-study}) and its dependencies
     * @param running where the process is registered while it runs (so that its owner can stop it)
     * @return the result: complete, or failed with the reason
     * @throws InterruptedException when interrupted; the process is destroyed
     */
    public static TrialResult run(TrialTask task, List<String> javaOptions, String classpath, Set<Process> running)
            throws InterruptedException {
        long start = System.nanoTime();
        TrialResult ended = task.endedWithoutMark();
        if (ended != null) {
            return ended; // an earlier attempt finished; only its mark was missing
        }
        Process process;
        long logStart;
        try {
            Files.createDirectories(task.directory());
            logStart = Files.isRegularFile(task.log()) ? Files.size(task.log()) : 0;
            Files.writeString(task.log(), "# " + Instant.now() + ": hebbkit train " + String.join(" ", task.trainArguments())
                    + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = new ProcessBuilder(command(task.trainArguments(), javaOptions, classpath)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(task.log().toFile())).start();
        } catch (IOException e) {
            return TrialResult.failed(task.trial(), seconds(start), "cannot start the trial's process: " + e.getMessage());
        }
        running.add(process);
        try {
            int status = process.waitFor();
            double wall = seconds(start);
            return status == 0 ? task.harvest(wall) : TrialResult.failed(task.trial(), wall, task.failure(status, logStart));
        } catch (InterruptedException e) {
            destroy(process);
            throw e;
        } finally {
            running.remove(process);
        }
    }

    /**
     * A class path that holds {@link TrainMain} and its dependencies: this JVM's own when it does (the launcher,
     * tests, Spark executors), else the files of the class loaders that loaded HebbKit followed by this JVM's own (a
     * notebook kernel loads HebbKit through {@code @file:DependsOn} into a class loader of its own).
     *
     * @throws IllegalStateException when neither holds it
     */
    public static String classPath() {
        String own = System.getProperty("java.class.path", "");
        Path commandLine = location(TrainMain.class);
        LinkedHashSet<String> entries = new LinkedHashSet<>();
        for (String entry : own.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        if (commandLine == null || entries.contains(commandLine.toString())) {
            return own;
        }
        LinkedHashSet<String> loaded = new LinkedHashSet<>();
        for (ClassLoader loader = TrialProcess.class.getClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    if (url.getProtocol().equals("file")) {
                        try {
                            loaded.add(Path.of(url.toURI()).toAbsolutePath().normalize().toString());
                        } catch (URISyntaxException | IllegalArgumentException e) {
                            // not a local file: the trial process could not read it anyway
                        }
                    }
                }
            }
        }
        if (!loaded.contains(commandLine.toString())) {
            throw new IllegalStateException("cannot find a class path for the trial processes: HebbKit's trial main class ("
                    + commandLine + ") is neither on this JVM's class path nor in a class loader that lists its files;"
                    + " start this JVM with hebbkit-study and its dependencies on -cp");
        }
        loaded.addAll(entries);
        return String.join(File.pathSeparator, loaded);
    }

    /** The jar or folder {@code type} was loaded from, {@code null} when unknown. */
    private static Path location(Class<?> type) {
        try {
            java.security.CodeSource source = type.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    /** Kills a trial process and whatever it started. */
    static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Whether this Java runtime holds the vector API's module (a jlink'd runtime may not). */
    static final boolean VECTOR_MODULE = java.lang.module.ModuleFinder.ofSystem().find("jdk.incubator.vector").isPresent();

    /**
     * The trial's command line: {@code java OPTIONS -cp CLASSPATH org.hebbkit.run.TrainMain ARGUMENTS}, with the JVM
     * options the launcher gives {@code train}.
     */
    public static List<String> command(List<String> trainArguments, List<String> javaOptions, String classpath) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // as the launcher starts train: the heap's pages touched when committed, so that resident memory stays flat
        command.add("-XX:+AlwaysPreTouch");
        // as the launcher starts train: the probe's fused step on the vector API, so that a trial's readout is the
        // one 'hebbkit train' gives (without the module the probe keeps the engine's formulation, equal up to rounding)
        if (VECTOR_MODULE && !javaOptions.contains("jdk.incubator.vector")) {
            command.add("--add-modules");
            command.add("jdk.incubator.vector");
        }
        command.addAll(javaOptions);
        command.add("-Dai.djl.offline=" + System.getProperty("ai.djl.offline", "true"));
        command.add("-DOPT_OUT_TRACKING=true");
        command.add("-D" + PARENT_PID + "=" + ProcessHandle.current().pid());
        command.add("-cp");
        command.add(classpath);
        command.add(TrainMain.class.getName());
        command.addAll(trainArguments);
        return command;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
