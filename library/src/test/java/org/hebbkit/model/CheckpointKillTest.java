package org.hebbkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real process with SIGKILL while it saves checkpoints in a loop, at random moments, many times: the
 * checkpoint left behind always loads, and it is one complete save (every weight and the metadata carry the same
 * save number), never a mix or a part. Then cuts a weights file short and changes one, and the load refuses both.
 */
class CheckpointKillTest {

    private static final int KILLS = 12;

    @TempDir
    Path temp;

    /**
     * The writer process: saves the MLP preset's network (2,000 x 784 weights, about 6 MB) again and again, save
     * {@code i} with the values {@link #values}{@code (i, n)} in every array and {@code metadata.save} = {@code i},
     * and prints {@code saved i} after each.
     */
    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args[0]);
        int first = Integer.parseInt(args[1]);
        try (HebbianNetwork network = HebbianNetwork.create(Presets.get("softhebb-mnist-mlp"), Device.cpu(), 1)) {
            NDManager readoutManager = network.manager().newSubManager();
            LinearReadout readout = new LinearReadout(readoutManager, readoutManager.zeros(new Shape(10, 2000)),
                    readoutManager.zeros(new Shape(10)));
            for (int i = first; ; i++) {
                network.blocks().get(0).layer().weight().set(values(i, 2000 * 784));
                readout.weight().set(values(i, 10 * 2000));
                readout.bias().set(values(i, 10));
                JsonObject metadata = new JsonObject();
                metadata.addProperty("save", i);
                Checkpoint.save(directory, network, readout, metadata);
                System.out.println("saved " + i);
                System.out.flush();
            }
        }
    }

    @Test
    void aProcessKilledWhileSavingAlwaysLeavesACompleteCheckpoint() throws Exception {
        Path directory = temp.resolve("model");
        SplittableRandom random = new SplittableRandom(7);
        int lastSeen = 0;
        int interrupted = 0;
        List<String> survived = new ArrayList<>();
        for (int kill = 0; kill < KILLS; kill++) {
            Writer writer = Writer.start(directory, lastSeen + 1);
            Thread.sleep(random.nextInt(400));
            int printed = writer.kill();
            try (Stream<Path> files = Files.list(directory)) {
                interrupted += files.anyMatch(file -> file.getFileName().toString().endsWith(".tmp")) ? 1 : 0;
            }
            try (Checkpoint.Loaded loaded = Checkpoint.load(directory, Device.cpu())) {
                int save = loaded.metadata().get("save").getAsInt();
                assertTrue(save >= printed && save <= printed + 1,
                        "the checkpoint is the last save printed or the one after it: " + save + " after " + printed);
                assertAll(save, loaded.network().blocks().get(0).layer().weight().toFloatArray(), "weights");
                assertAll(save, loaded.readout().weight().toFloatArray(), "readout");
                lastSeen = save;
                survived.add(save + " (exit " + writer.process().exitValue() + ")");
            }
        }
        System.out.println("CheckpointKillTest: " + KILLS + " SIGKILLs while saving (" + interrupted + " in the middle of"
                + " writing a file, which left a temporary file behind), each left a complete checkpoint: " + survived);
        // one more save, uninterrupted, clears what the killed ones left
        Writer.start(directory, lastSeen + 1).kill();
        try (Stream<Path> files = Files.list(directory)) {
            List<String> names = files.map(file -> file.getFileName().toString()).sorted().toList();
            assertEquals(2, names.stream().filter(name -> !name.startsWith(".")).count(),
                    "model.json and the one weights file it names: " + names);
        }
    }

    @Test
    void aCutOrChangedWeightsFileIsRefusedNotLoaded() throws Exception {
        Path directory = temp.resolve("model");
        Writer.start(directory, 1).kill();
        Checkpoint.load(directory, Device.cpu()).close();
        Path weights = Checkpoint.weightsFile(directory);
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        IOException cut = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> Checkpoint.load(directory, Device.cpu()));
        assertTrue(cut.getMessage().startsWith("Corrupt checkpoint file " + weights + ": its SHA-256 is "), cut.getMessage());
        assertTrue(cut.getMessage().endsWith("; the file was cut short or changed after it was written"), cut.getMessage());
        bytes[bytes.length / 2] ^= 1;
        Files.write(weights, bytes);
        IOException changed = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> Checkpoint.load(directory, Device.cpu()));
        assertTrue(changed.getMessage().contains(": its SHA-256 is "), changed.getMessage());
    }

    /** A running writer process, and the last save number it printed. */
    private record Writer(Process process, AtomicInteger printed, CountDownLatch firstSave, Thread reader) {

        /** Starts a writer and waits for its first save. */
        static Writer start(Path directory, int first) throws Exception {
            Process process = new ProcessBuilder(javaCommand(directory, first)).redirectErrorStream(true).start();
            AtomicInteger printed = new AtomicInteger(-1);
            CountDownLatch firstSave = new CountDownLatch(1);
            StringBuilder output = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        if (line.startsWith("saved ")) {
                            printed.set(Integer.parseInt(line.substring(6)));
                            firstSave.countDown();
                        } else {
                            synchronized (output) {
                                output.append(line).append('\n');
                            }
                        }
                    }
                } catch (IOException closed) {
                    // the stream closes when the process is killed
                }
            });
            reader.start();
            if (!firstSave.await(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                synchronized (output) {
                    throw new AssertionError("the writer made no save in 120 s; it printed:\n" + output);
                }
            }
            return new Writer(process, printed, firstSave, reader);
        }

        /** Sends SIGKILL (no shutdown hook, no flush) and returns the last save it printed. */
        int kill() throws InterruptedException {
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the killed writer is gone");
            reader.join(30_000);
            return printed.get();
        }
    }

    private static List<String> javaCommand(Path directory, int first) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true", "-cp", System.getProperty("java.class.path"),
                CheckpointKillTest.class.getName(), directory.toString(), Integer.toString(first));
    }

    private static void assertAll(int save, float[] stored, String what) {
        float[] expected = values(save, stored.length);
        for (int i = 0; i < stored.length; i++) {
            if (stored[i] != expected[i]) {
                throw new AssertionError(what + "[" + i + "] = " + stored[i] + " in the checkpoint of save " + save
                        + ", expected " + expected[i] + ": a mix of two saves");
            }
        }
    }

    /** Save {@code save}'s values: {@code save} plus noise drawn from seed {@code save} (so they do not compress). */
    private static float[] values(int save, int size) {
        SplittableRandom random = new SplittableRandom(save);
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = save + (float) random.nextDouble();
        }
        return values;
    }
}
