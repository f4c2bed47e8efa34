package org.hebbkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.hebbkit.datasets.DataDirectory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small real run on MNIST: train the MLP preset on the first 10,000 training images, check the
 * outputs, then evaluate the checkpoint and get the same accuracy.
 */
class TrainEvalRealRunTest {

    /** Stated in the README: the MLP preset on 10,000 images, 3 probe epochs, seed 0. */
    private static final double MINIMUM_ACCURACY = 40.0;

    @TempDir
    Path temp;

    @Test
    void mnistMlpOnTenThousandImagesTrainsWritesItsRecordAndEvaluatesTheSame() throws Exception {
        Path data = dataDirectory();
        Path out = temp.resolve("run");
        Cli train = Cli.run("train", "--preset", "softhebb-mnist-mlp", "--data", data.toString(), "--out", out.toString(),
                "--limit-train", "10000", "--limit-test", "2000", "--probe-epochs", "3", "--seed", "0");
        assertEquals(0, train.status, train.toString());
        String last = train.lastLine();
        assertTrue(last.matches("test accuracy: \\d+\\.\\d\\d%"), last);
        double accuracy = Double.parseDouble(last.replaceAll("[^0-9.]", ""));
        assertTrue(accuracy >= MINIMUM_ACCURACY, "accuracy " + accuracy + " below the stated " + MINIMUM_ACCURACY);

        JsonObject record = JsonParser.parseString(Files.readString(out.resolve("run.json"))).getAsJsonObject();
        assertEquals("softhebb-mnist-mlp", record.get("preset").getAsString());
        assertEquals(10_000, record.getAsJsonObject("config").get("train_images").getAsInt());
        assertEquals(accuracy, record.get("test_accuracy").getAsDouble() * 100, 0.005);
        assertTrue(record.get("peak_resident_bytes").getAsLong() > 0);
        assertTrue(record.getAsJsonObject("timings").has("hebbian block 1/1"));
        assertEquals(1 + 1 + 1 + 3, record.getAsJsonArray("epochs").size(), "hebbian, features x2, probe x3");
        JsonObject provenance = record.getAsJsonObject("provenance");
        assertTrue(provenance.getAsJsonObject("versions").get("engine").getAsString().startsWith("PyTorch"));
        JsonObject model = JsonParser.parseString(Files.readString(out.resolve("model/model.json"))).getAsJsonObject();
        assertEquals(provenance, model.getAsJsonObject("provenance"), "the checkpoint records the same provenance");
        assertEquals(accuracy, model.getAsJsonObject("metadata").get("test_accuracy").getAsDouble() * 100, 0.005);

        BufferedImage filters = ImageIO.read(out.resolve("filters-layer1.png").toFile());
        assertEquals(16 * (28 * 2 + 2) + 2, filters.getWidth(), "16 tiles of 28x28 at 2 px per weight");
        assertTrue(train.out.lines().anyMatch(line -> line.equals("wrote " + out + " (run.json, model/, filters-layer1.png, report.html)")),
                train.out);
        assertFalse(Files.exists(out.resolve("receptive-fields-layer2.png")), "one layer: no higher receptive fields");

        Cli eval = Cli.run("eval", "--model", out.toString(), "--data", data.toString(), "--limit-test", "2000");
        assertEquals(0, eval.status, eval.toString());
        assertEquals(last, eval.lastLine(), "the checkpoint gives the accuracy training reported");
    }

    /** As the datasets' tests: a relative {@code HEBBKIT_DATA} is taken from the project root (parent pom). */
    static Path dataDirectory() {
        Path directory = DataDirectory.resolve(null, Path.of(System.getProperty("hebbkit.project.root", "")));
        if (Files.isRegularFile(directory.resolve("mnist/train-images-idx3-ubyte.gz"))) {
            return directory;
        }
        String message = "MNIST not found in data directory " + directory + ". Set HEBBKIT_DATA to a directory laid"
                + " out like shared/datasets, or run ./hebbkit train --preset softhebb-mnist-mlp --download.";
        if ("1".equals(System.getenv("HEBBKIT_REQUIRE_DATA"))) {
            fail(message + " HEBBKIT_REQUIRE_DATA=1, so missing data is a failure.");
        }
        Assumptions.abort(message);
        return directory;
    }
}
