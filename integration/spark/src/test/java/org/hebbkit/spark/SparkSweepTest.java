package org.hebbkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hebbkit.cli.HebbKitCommand;
import org.hebbkit.datasets.DataDirectory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hebbkit sweep --engine spark} with Spark {@code local[2]} on real MNIST subsets gives every trial the
 * accuracy the local engine gives it (same seeds, one engine thread per trial); an unreachable master is a clear
 * error within seconds with no trial taken for complete. Every Spark service binds to 127.0.0.1.
 */
class SparkSweepTest {

    @TempDir
    Path temp;

    @Test
    void sparkLocalRunsEveryTrialAsTheLocalEngineDoes() throws IOException {
        Path data = data();
        String[] study = {"--preset", "softhebb-mnist-mlp", "--seeds", "0,1", "--set", "blocks.0.learningRate.rate=0.02,0.045",
            "--limit-train", "1000", "--limit-test", "500", "--probe-epochs", "1", "--workers", "2", "--threads", "1",
            "--data", data.toString()};
        Path local = temp.resolve("local");
        Path spark = temp.resolve("spark");
        String[] onLocal = concat(concat(new String[] {"sweep"}, study), "--out", local.toString());
        String[] onSpark = concat(concat(new String[] {"sweep", "--engine", "spark", "--master", "local[2]"}, study),
                "--out", spark.toString());
        Run localRun = run(onLocal);
        assertEquals(0, localRun.status, localRun.toString());
        Run sparkRun = run(onSpark);
        assertEquals(0, sparkRun.status, sparkRun.toString());
        assertTrue(sparkRun.out.contains("study: 4 trials, 0 already complete, 4 to run (spark, master local[2], 1 engine"
                + " thread per trial)"), sparkRun.out);
        Map<String, Double> localAccuracies = accuracies(local);
        assertEquals(4, localAccuracies.size());
        assertEquals(localAccuracies, accuracies(spark));
        assertEquals(Files.readString(local.resolve("summary.csv")), Files.readString(spark.resolve("summary.csv")));

        // run again on Spark: every trial is complete, none runs (no Spark job at all)
        Run again = run(onSpark);
        assertEquals(0, again.status, again.toString());
        assertTrue(again.out.contains("study: 4 trials, 4 already complete, 0 to run"), again.out);
        assertFalse(again.out.contains("started "), again.out);
    }

    @Test
    void anUnreachableMasterIsAClearErrorWithinSeconds() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort(); // free once closed: nothing listens there
        }
        Path out = temp.resolve("unreachable");
        long start = System.nanoTime();
        Run refused = run("sweep", "--engine", "spark", "--master", "spark://127.0.0.1:" + port, "--preset",
                "softhebb-mnist-mlp", "--limit-train", "100", "--limit-test", "100", "--out", out.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(1, refused.status, refused.toString());
        assertTrue(seconds < 15, "refused after " + seconds + " s");
        assertTrue(refused.err.startsWith("hebbkit: cannot reach the Spark master spark://127.0.0.1:" + port + ": 127.0.0.1:"
                + port + " (Connection refused); start it (sbin/start-master.sh) or check --master; no trial was run"),
                refused.err);
        try (Stream<Path> files = Files.walk(out)) {
            assertEquals(List.of(), files.filter(file -> file.getFileName().toString().equals("trial.json")
                    || file.getFileName().toString().equals("run.json")).toList(), "nothing taken for complete");
        }
    }

    /** Each trial's test accuracy, by trial id, from its {@code trial.json}. */
    static Map<String, Double> accuracies(Path study) throws IOException {
        Map<String, Double> accuracies = new TreeMap<>();
        try (Stream<Path> trials = Files.list(study.resolve("trials"))) {
            for (Path trial : trials.toList()) {
                accuracies.put(trial.getFileName().toString(), JsonParser.parseString(
                        Files.readString(trial.resolve("trial.json"))).getAsJsonObject().get("test_accuracy").getAsDouble());
            }
        }
        return accuracies;
    }

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = HebbKitCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    static String[] concat(String[] head, String... tail) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    /** The data directory with MNIST; skips without it (fails with HEBBKIT_REQUIRE_DATA=1, as in CI). */
    static Path data() {
        Path directory = DataDirectory.resolve(null, Path.of(System.getProperty("hebbkit.project.root", "")));
        boolean present = Files.isRegularFile(directory.resolve("mnist/train-images-idx3-ubyte.gz"));
        String message = "MNIST not found in data directory " + directory + "; set HEBBKIT_DATA to a directory laid out"
                + " like shared/datasets, or run ./hebbkit train --preset softhebb-mnist-mlp --download";
        if (!present && "1".equals(System.getenv("HEBBKIT_REQUIRE_DATA"))) {
            fail(message + " (HEBBKIT_REQUIRE_DATA=1, so missing data is a failure)");
        }
        Assumptions.assumeTrue(present, message);
        return directory;
    }
}
