package org.hebbkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hebbkit.cli.HebbKitCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on this machine: a master and two workers (one core each), each a JVM process of
 * its own, every service bound to 127.0.0.1. A study of four trials is submitted to it; once two trials run, one
 * worker is killed (SIGKILL, with its executor). Spark runs the lost trial again on the other worker (it continues
 * from its saved progress), every trial completes exactly once, and each accuracy is the one the local engine gives.
 */
class StandaloneClusterTest {

    @TempDir
    Path temp;

    private final List<Process> cluster = new ArrayList<>();

    @AfterEach
    void stopCluster() {
        for (Process process : cluster) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        System.clearProperty("spark.driver.host");
        System.clearProperty("spark.driver.bindAddress");
    }

    @Test
    void aStudySurvivesALostWorkerAndEveryTrialCompletesOnce() throws Exception {
        Path data = SparkSweepTest.data();
        String[] study = {"--preset", "softhebb-mnist-mlp", "--seeds", "0,1", "--set", "blocks.0.learningRate.rate=0.02,0.045",
            "--limit-train", "1000", "--limit-test", "500", "--probe-epochs", "1", "--threads", "1", "--data", data.toString()};
        Path local = temp.resolve("local");
        SparkSweepTest.Run localRun = SparkSweepTest.run(SparkSweepTest.concat(SparkSweepTest.concat(new String[] {"sweep",
            "--workers", "2"}, study), "--out", local.toString()));
        assertEquals(0, localRun.status(), localRun.toString());

        int masterPort = freePort();
        int masterUi = freePort();
        Path home = sparkHome();
        cluster.add(start(home, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                String.valueOf(masterPort), "--webui-port", String.valueOf(masterUi)));
        awaitPort(masterPort);
        String master = "spark://127.0.0.1:" + masterPort;
        List<Process> workers = new ArrayList<>();
        for (int w = 1; w <= 2; w++) {
            Process worker = start(home, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--webui-port",
                    String.valueOf(freePort()), "--cores", "1", "--memory", "2g", "--work-dir",
                    Files.createDirectories(temp.resolve("work" + w)).toString(), master);
            cluster.add(worker);
            workers.add(worker);
        }
        awaitWorkers(masterUi, 2);

        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.driver.bindAddress", "127.0.0.1");
        Path out = temp.resolve("cluster");
        StringWriter console = new StringWriter();
        StringWriter errors = new StringWriter();
        String[] onCluster = SparkSweepTest.concat(SparkSweepTest.concat(new String[] {"sweep", "--engine", "spark",
            "--master", master}, study), "--out", out.toString());
        CompletableFuture<Integer> sweep = CompletableFuture.supplyAsync(() -> HebbKitCommand.execute(onCluster,
                new PrintWriter(console, true), new PrintWriter(errors, true)));
        // kill once two trials have read their data (their train.log says so) and before any has ended
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (trialsUnderWay(out) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(2, trialsUnderWay(out), "two trials under way before the kill:\n" + console);
        Process lost = workers.get(1);
        lost.descendants().forEach(ProcessHandle::destroyForcibly); // its executor and the trial it runs
        lost.destroyForcibly();

        int status = sweep.get(6, TimeUnit.MINUTES);
        assertEquals(0, status, console + "\n" + errors);
        assertEquals(SparkSweepTest.accuracies(local), SparkSweepTest.accuracies(out), console.toString());
        int attempts = 0;
        try (Stream<Path> trials = Files.list(out.resolve("trials"))) {
            for (Path trial : trials.toList()) {
                String log = Files.readString(trial.resolve("train.log"));
                assertEquals(1, count(log, "test accuracy: "), trial + " completed once:\n" + log);
                attempts += count(log, ": hebbkit train ");
            }
        }
        assertTrue(attempts >= 5, "the lost worker's trial ran again: " + attempts + " attempts for 4 trials\n" + console);
    }

    /** Trials whose log shows their data loaded and no result yet. */
    private static long trialsUnderWay(Path study) throws IOException {
        Path trials = study.resolve("trials");
        if (!Files.isDirectory(trials)) {
            return 0;
        }
        try (Stream<Path> folders = Files.list(trials)) {
            return folders.map(folder -> folder.resolve("train.log")).filter(Files::isRegularFile).filter(log -> {
                try {
                    String text = Files.readString(log);
                    return text.contains(" training and ") && !text.contains("test accuracy: ");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    /** SPARK_HOME for the workers: {@code jars/} holds this JVM's class path (and this module's classes as a jar). */
    private Path sparkHome() throws IOException {
        Path jars = Files.createDirectories(temp.resolve("spark-home/jars"));
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(path)) {
                jarOf(path, jars.resolve("classes-" + i++ + ".jar"));
            } else if (entry.endsWith(".jar")) {
                Files.createSymbolicLink(jars.resolve(i++ + "-" + path.getFileName()), path);
            }
        }
        return jars.getParent();
    }

    private static void jarOf(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                Stream<Path> files = Files.walk(classes)) {
            for (Path path : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
    }

    private Process start(Path home, String mainClass, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(System.getProperty("hebbkit.spark.java.options", "").split(" ")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(temp.resolve(mainClass.substring(mainClass.lastIndexOf('.') + 1) + "-" + cluster.size() + ".log").toFile());
        builder.environment().put("SPARK_HOME", home.toString());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                Thread.sleep(250);
            }
        }
        throw new AssertionError("the Spark master did not listen on 127.0.0.1:" + port + " within 60 s");
    }

    /** Waits until the master's status page ({@code /json}) counts {@code workers} alive workers. */
    private static void awaitWorkers(int ui, int workers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String last = "";
        while (System.nanoTime() < deadline) {
            try (var in = URI.create("http://127.0.0.1:" + ui + "/json/").toURL().openStream()) {
                last = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (JsonParser.parseString(last).getAsJsonObject().get("aliveworkers").getAsInt() >= workers) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the workers did not register with the master within 90 s: " + last);
    }

    private static int count(String text, String what) {
        Matcher matcher = Pattern.compile(Pattern.quote(what)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
