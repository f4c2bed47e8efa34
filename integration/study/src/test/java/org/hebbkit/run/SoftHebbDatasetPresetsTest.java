package org.hebbkit.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.hebbkit.datasets.ImageNette;
import org.hebbkit.datasets.ImageSplit;
import org.hebbkit.datasets.RecordFileImages;
import org.hebbkit.datasets.Split;
import org.hebbkit.model.Configs;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.model.Preset;
import org.hebbkit.model.Presets;
import org.hebbkit.train.LabelledImages;
import org.hebbkit.train.PresetRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each of SoftHebb's other-dataset presets runs end to end on a few generated images of its dataset's real shape:
 * the blocks fit the images, the Hebbian stage reads its own images (STL-10's unlabeled ones from a file, in
 * chunks), the readout reads augmented copies, and the readout has the dataset's classes. Accuracy means nothing
 * here (a handful of random images); the shapes and the paths are what is checked.
 */
class SoftHebbDatasetPresetsTest {

    @TempDir
    Path temp;

    private static ImageSplit random(String name, int n, int side, List<String> classes, int[] labels, long seed) {
        byte[] pixels = new byte[n * 3 * side * side];
        new SplittableRandom(seed).nextBytes(pixels);
        return new ImageSplit(name, pixels, labels, 3, side, side, classes);
    }

    private static Preset short1(String name) {
        return Configs.with(Presets.get(name), "probe.epochs", 1);
    }

    private static PresetRun.Result run(Preset preset, LabelledImages hebbian, ImageSplit train, ImageSplit test) {
        ImageSplit readout = DataSplits.readoutImages(preset, train, 0, 1);
        return PresetRun.builder().setPreset(preset).optSeed(0).build()
                .run(hebbian, DataSplits.adapt(readout), DataSplits.adapt(test));
    }

    @Test
    void stl10PresetsLearnFromUnlabeledImagesReadFromDiskAndTrainTheReadoutOnAugmentedCopies() throws Exception {
        // an unlabeled_X.bin of 40 images in STL-10's layout
        Path unlabeledFile = temp.resolve("unlabeled_X.bin");
        byte[] unlabeledBytes = new byte[40 * 3 * 96 * 96];
        new SplittableRandom(1).nextBytes(unlabeledBytes);
        Files.write(unlabeledFile, unlabeledBytes);
        List<String> classes = org.hebbkit.datasets.Stl10.CLASSES;
        ImageSplit train = random("stl train", 4, 96, classes, new int[] {0, 3, 6, 9}, 2);
        ImageSplit test = random("stl test", 3, 96, classes, new int[] {1, 2, 9}, 3);
        for (String name : List.of("softhebb-stl10-3layer", "softhebb-stl10-4layer")) {
            Preset preset = short1(name);
            assertTrue(preset.unsupervised().fromUnlabeled(), name);
            try (RecordFileImages unlabeled = RecordFileImages.stl10(unlabeledFile, 40, "generated unlabeled")) {
                PresetRun.Result result = run(preset, DataSplits.adapt(unlabeled, 8), train, test);
                try (HebbianNetwork network = result.network()) {
                    assertEquals(221_184, network.featureCount(), name);
                    assertEquals(10, result.readout().weight().getShape().get(0), name);
                    assertTrue(result.testAccuracy() >= 0 && result.testAccuracy() <= 1, name);
                }
            }
        }
    }

    /**
     * The two 5-layer presets (a 12,288-channel last layer: 1.4 GB of weights; several minutes on two busy cores) run
     * only with {@code -Dhebbkit.heavy=true}:
     * {@code mvn -pl integration/study -am test -Dtest=SoftHebbDatasetPresetsTest -Dhebbkit.heavy=true}.
     */
    @Test
    void imagenetteAndImagenetPresetsFitTheirImagesAndClasses() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("hebbkit.heavy"),
                "the 5-layer presets run with -Dhebbkit.heavy=true");
        Path data = temp.resolve("data");
        for (String split : List.of("train", "val")) {
            for (String folder : ImageNette.FOLDERS) {
                java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(213, 160,
                        java.awt.image.BufferedImage.TYPE_INT_RGB);
                image.setRGB(5, 5, 0xff8040);
                Path file = data.resolve("imagenette/imagenette2-160/" + split + "/" + folder + "/x.JPEG");
                Files.createDirectories(file.getParent());
                javax.imageio.ImageIO.write(image, "jpeg", file.toFile());
            }
        }
        ImageSplit train = ImageNette.builder().optDataDirectory(data).build().prepare();
        ImageSplit test = ImageNette.builder().optSplit(Split.TEST).optDataDirectory(data).build().prepare();
        // two images of two classes, the last class among them so that the readout has all ten
        ImageSplit fewTrain = train.select(new int[] {0, 9}, "two");
        PresetRun.Result imagenette = run(short1("softhebb-imagenette-5layer"), DataSplits.adapt(fewTrain), fewTrain,
                test.select(new int[] {3, 9}, "two"));
        try (HebbianNetwork network = imagenette.network()) {
            assertEquals(307_200, network.featureCount());
            assertEquals(10, imagenette.readout().weight().getShape().get(0));
        }

        List<String> thousand = new java.util.ArrayList<>();
        for (int c = 0; c < 1000; c++) {
            thousand.add(String.format("n%08d", c));
        }
        ImageSplit imagenetTrain = random("imagenet train", 2, 160, thousand, new int[] {0, 999}, 4);
        ImageSplit imagenetTest = random("imagenet val", 1, 160, thousand, new int[] {512}, 5);
        PresetRun.Result imagenet = run(short1("softhebb-imagenet-5layer"), DataSplits.adapt(imagenetTrain), imagenetTrain,
                imagenetTest);
        try (HebbianNetwork network = imagenet.network()) {
            assertEquals(1000, imagenet.readout().weight().getShape().get(0));
            assertEquals(307_200, imagenet.readout().weight().getShape().get(1));
        }
    }

    @Test
    void cifar100PresetsRunFromTheCommandLineOnAGeneratedBinaryFile() throws Exception {
        Path data = temp.resolve("data");
        Path folder = data.resolve("cifar-100/cifar-100-binary");
        Files.createDirectories(folder);
        writeCifar100(folder.resolve("train.bin"), 50_000);
        writeCifar100(folder.resolve("test.bin"), 10_000);
        for (int depth = 1; depth <= 3; depth++) {
            Path out = temp.resolve("run" + depth);
            StringWriter stdout = new StringWriter();
            StringWriter stderr = new StringWriter();
            int status = CommandLines.execute(new TrainCommand(), new String[] {"--preset", "softhebb-cifar100-" + depth + "layer",
                "--data", data.toString(), "--limit-train", "200", "--limit-test", "100", "--probe-epochs", "1",
                "--out", out.toString()}, new PrintWriter(stdout, true), new PrintWriter(stderr, true));
            assertEquals(0, status, stdout + "\n" + stderr);
            assertTrue(stdout.toString().contains("test accuracy: "), stdout.toString());
            assertTrue(stdout.toString().contains("feature caches: (200 + 100 images) x 24,576 features x 2 bytes"),
                    stdout.toString());
            JsonObject record = JsonParser.parseString(Files.readString(out.resolve("run.json"))).getAsJsonObject();
            assertEquals("cifar-100", record.getAsJsonObject("recipe").get("dataset").getAsString());
        }
        StringWriter stderr = new StringWriter();
        int status = CommandLines.execute(new TrainCommand(), new String[] {"--preset", "softhebb-cifar100-1layer",
            "--data", data.toString(), "--hebbian-data", "unlabeled", "--out", temp.resolve("none").toString()},
                new PrintWriter(new StringWriter(), true), new PrintWriter(stderr, true));
        assertEquals(2, status, stderr.toString());
        assertTrue(stderr.toString().contains("cifar-100 has no unlabeled split"), stderr.toString());
        StringWriter copiesErr = new StringWriter();
        int copiesStatus = CommandLines.execute(new TrainCommand(), new String[] {"--preset", "softhebb-cifar100-1layer",
            "--data", data.toString(), "--augmented-copies", "2", "--out", temp.resolve("none2").toString()},
                new PrintWriter(new StringWriter(), true), new PrintWriter(copiesErr, true));
        assertEquals(2, copiesStatus, copiesErr.toString());
        assertTrue(copiesErr.toString().contains("does not augment its readout's images"), copiesErr.toString());
    }

    /** A CIFAR-100 binary file: 3,074-byte records, coarse label r % 20, fine label r % 100, pixels from a pattern. */
    private static void writeCifar100(Path file, int records) throws IOException {
        byte[] record = new byte[3074];
        SplittableRandom random = new SplittableRandom(records);
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (int r = 0; r < records; r++) {
                random.nextBytes(record);
                record[0] = (byte) (r % 20);
                record[1] = (byte) (r % 100);
                out.write(record);
            }
        }
    }
}
