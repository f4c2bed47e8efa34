package org.hebbkit.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hebbkit.datasets.RealData;
import org.hebbkit.model.Configs;
import org.hebbkit.model.Preset;
import org.hebbkit.train.RunSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial process as engines start it: {@code java -cp STUDY-CLASSPATH org.hebbkit.run.TrainMain ...}, with this
 * module's test class path, which holds neither the command line ({@code hebbkit-cli}) nor the notebook stack.
 */
class TrainMainProcessTest {

    @TempDir
    Path temp;

    @Test
    void aTrialTrainsWithoutTheCommandLineOnItsClassPath() throws Exception {
        String classpath = System.getProperty("java.class.path");
        for (String entry : classpath.split(File.pathSeparator)) {
            assertFalse(entry.contains("hebbkit-cli") || entry.contains("integration/cli") || entry.contains("kotlin-jupyter"),
                    "the study module's class path must not hold " + entry);
        }
        Path data = RealData.directoryWith("mnist/train-images-idx3-ubyte.gz");
        Path out = temp.resolve("trial");
        List<String> command = new ArrayList<>(TrialProcess.command(List.of("--preset", "softhebb-mnist-mlp",
                "--limit-train", "500", "--limit-test", "200", "--probe-epochs", "1", "--threads", "1", "--data",
                data.toString(), "--out", out.toString()), List.of("-Xmx2g"), classpath));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("test accuracy: "), output);
        JsonObject record = JsonParser.parseString(Files.readString(out.resolve("run.json"))).getAsJsonObject();
        assertEquals(500, record.getAsJsonObject("config").get("train_images").getAsInt());
        double accuracy = record.get("test_accuracy").getAsDouble();
        assertTrue(accuracy >= 0 && accuracy <= 1, Double.toString(accuracy));
        // the run as asked for, read back by Configs: the options given, the preset's values for the rest
        RunSpec run = Configs.fromTree(record.get("run"), RunSpec.class);
        assertEquals("softhebb-mnist-mlp", run.preset().name());
        assertEquals(500, run.data().limitTrain());
        assertEquals(200, run.data().limitTest());
        assertEquals(1, run.recipe().probe().epochs());
        assertEquals(1, run.compute().threads());
        assertEquals(run.preset().readout(), run.readout());
        assertEquals(Configs.fromTree(record.get("recipe"), Preset.class), run.recipe());
    }

    @Test
    void aBadArgumentIsOneLineAndStatusTwoAsFromTheCommandLine() throws Exception {
        List<String> command = TrialProcess.command(List.of("--preset", "no-such-preset"), List.of(),
                System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(command).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        assertEquals(2, process.exitValue(), err);
        List<String> lines = err.lines().filter(line -> !line.startsWith("WARNING: Using incubator modules")).toList();
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).startsWith("hebbkit: ") && lines.get(0).contains("no-such-preset"), err);
    }

}
