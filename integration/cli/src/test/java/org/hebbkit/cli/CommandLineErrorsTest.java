package org.hebbkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad arguments exit with status 2 and a message naming the problem and the valid choices. */
class CommandLineErrorsTest {

    @TempDir
    Path temp;

    @Test
    void unknownPresetListsTheValidOnes() {
        Cli cli = Cli.run("train", "--preset", "softhebb-imagenet");
        assertEquals(2, cli.status, cli.toString());
        assertTrue(cli.err.contains("Unknown preset 'softhebb-imagenet'. Valid presets: softhebb-cifar10-1layer,"), cli.err);
        assertTrue(cli.err.contains("softhebb-mnist-mlp"), cli.err);
    }

    @Test
    void badChoicesNameTheValidOnes() {
        Cli readout = Cli.run("train", "--preset", "softhebb-mnist-mlp", "--readout", "svm");
        assertEquals(2, readout.status, readout.toString());
        assertTrue(readout.err.contains("Unknown readout 'svm'. Valid readouts: probe, ridge"), readout.err);
        Cli mode = Cli.run("train", "--preset", "softhebb-mnist-mlp", "--mode", "parallel");
        assertEquals(2, mode.status, mode.toString());
        assertTrue(mode.err.contains("Unknown training mode 'parallel'. Valid modes: successive, consecutive, simultaneous"),
                mode.err);
        Cli device = Cli.run("train", "--preset", "softhebb-mnist-mlp", "--device", "tpu");
        assertEquals(2, device.status, device.toString());
        assertTrue(device.err.contains("Unknown device 'tpu'. Valid devices: cpu, gpu, gpu:N, auto"), device.err);
        Cli gpuIndex = Cli.run("train", "--preset", "softhebb-mnist-mlp", "--device", "gpu:x");
        assertEquals(2, gpuIndex.status, gpuIndex.toString());
        assertEquals("hebbkit: Bad device 'gpu:x': the N of gpu:N must be a GPU number 0, 1, 2, ..., got 'x'."
                + " Valid devices: cpu, gpu, gpu:N, auto", gpuIndex.err.strip());
        Cli epochs = Cli.run("train", "--preset", "softhebb-mnist-mlp", "--probe-epochs", "0");
        assertEquals(2, epochs.status, epochs.toString());
        assertTrue(epochs.err.contains("--probe-epochs must be at least 1, got 0"), epochs.err);
    }

    @Test
    void benchmarkArgumentsAreChecked() {
        Cli probe = Cli.run("bench", "probe", "--epochs", "0");
        assertEquals(2, probe.status, probe.toString());
        assertEquals("hebbkit: --epochs must be at least 1, got 0", probe.err.strip());
        Cli none = Cli.run("bench");
        assertEquals(2, none.status, none.toString());
        assertTrue(none.err.contains("Missing benchmark: use 'bench data', 'bench step', 'bench probe', 'bench memory', 'bench matmul' or 'bench unlabeled'"
                + " (each answers --help)"), none.err);
        Cli product = Cli.run("bench", "matmul", "--product", "384,864");
        assertEquals(2, product.status, product.toString());
        assertEquals("hebbkit: --product takes M,K,N or M,K,Nt with positive sizes (for example 384,864,2560 or"
                + " 384,2560,864t), got '384,864'", product.err.strip());
        Cli products = Cli.run("bench", "matmul", "--product", "64,300,130", "--product", "64,130,300t", "--repeats", "2");
        assertEquals(0, products.status, products.toString());
        assertTrue(products.out.contains("[64, 300] x [300, 130]"), products.out);
        assertTrue(products.out.contains("[64, 130] x [300, 130]^T"), products.out);
        assertEquals(2, products.out.lines().filter(line -> line.trim().endsWith("x")).count(), products.out);
        for (String block : new String[] {"0", "4"}) {
            Cli step = Cli.run("bench", "step", "--block", block);
            assertEquals(2, step.status, step.toString());
            assertEquals("hebbkit: --block must name a block of softhebb-cifar10-3layer: 1 to 3 (counting from 1), got "
                    + block, step.err.strip());
        }
    }

    @Test
    void everyCommandAnswersHelp() {
        String[][] commands = {{}, {"train"}, {"eval"}, {"presets"}, {"rules"}, {"compare"}, {"doctor"}, {"bench"},
            {"bench", "data"}, {"bench", "step"}, {"bench", "probe"}, {"bench", "memory"}};
        for (String[] command : commands) {
            for (String help : new String[] {"--help", "-h"}) {
                String[] args = java.util.Arrays.copyOf(command, command.length + 1);
                args[command.length] = help;
                Cli cli = Cli.run(args);
                assertEquals(0, cli.status, cli.toString());
                String name = String.join(" ", command);
                assertTrue(cli.out.startsWith("Usage: hebbkit" + (name.isEmpty() ? "" : " " + name) + " "), cli.out);
                assertTrue(cli.out.contains("-h, --help"), cli.out);
                assertEquals("", cli.err, cli.toString());
            }
        }
        Cli step = Cli.run("bench", "step", "--help");
        assertTrue(step.out.contains("--block=<block>") && step.out.contains("counting from 1"), step.out);
    }

    @Test
    void missingRequiredOptionOrCommandIsAUsageError() {
        Cli noPreset = Cli.run("train");
        assertEquals(2, noPreset.status, noPreset.toString());
        assertTrue(noPreset.err.contains("Missing required option: '--preset=<presetName>'"), noPreset.err);
        Cli nothing = Cli.run();
        assertEquals(2, nothing.status, nothing.toString());
        assertTrue(nothing.err.contains("Missing command: use one of presets, rules, train, sweep, compare, eval, bench, doctor"), nothing.err);
    }

    @Test
    void gpuOnACpuOnlyEngineIsRefusedNotSilentlyReplaced() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ai.djl.engine.Engine.getInstance().getGpuCount() == 0,
                "this machine has a GPU");
        Cli cli = Cli.run("train", "--preset", "softhebb-mnist-mlp", "--device", "gpu", "--data", temp.toString());
        assertEquals(2, cli.status, cli.toString());
        assertTrue(cli.err.contains("device gpu asked for, but the PyTorch engine sees 0 GPU(s)"), cli.err);
        assertTrue(cli.err.contains("use --device cpu"), cli.err);
    }

    @Test
    void missingDatasetNamesTheDirectoryAndHowToGetTheFiles() {
        Path empty = temp.resolve("no-data-here");
        Cli cli = Cli.run("train", "--preset", "softhebb-mnist-mlp", "--data", empty.toString(), "--out",
                temp.resolve("out").toString());
        assertEquals(1, cli.status, cli.toString());
        assertTrue(cli.err.contains("Dataset mnist train not found in data directory " + empty), cli.err);
        assertTrue(cli.err.contains("CLI --download"), cli.err);
        assertTrue(cli.err.contains("HEBBKIT_DATASET_MIRROR"), cli.err);
    }

    @Test
    void anExistingFileAsOutputDirectoryIsRefused() throws java.io.IOException {
        Path file = java.nio.file.Files.writeString(temp.resolve("notes.txt"), "not a directory");
        Cli cli = Cli.run("train", "--preset", "softhebb-mnist-mlp", "--out", file.toString());
        assertEquals(2, cli.status, cli.toString());
        assertEquals("hebbkit: --out " + file + " is an existing file, not a directory; choose a directory (new, or"
                + " existing) for the run's outputs", cli.err.strip());
    }

    @Test
    void anOutputDirectoryThatCannotBeWrittenIsRefusedBeforeAnyWork() {
        // /sys refuses new entries even to root
        Cli cli = Cli.run("train", "--preset", "softhebb-mnist-mlp", "--out", "/sys/hebbkit-run", "--data", temp.toString());
        assertEquals(2, cli.status, cli.toString());
        assertTrue(cli.err.startsWith("hebbkit: cannot write the run's outputs into /sys/hebbkit-run ("), cli.err);
        assertTrue(cli.err.strip().endsWith("); choose a directory you can write with --out"), cli.err);
        assertTrue(!java.nio.file.Files.exists(Path.of("/sys/hebbkit-run")));
    }

    @Test
    void evalOfADirectoryWithoutCheckpointSaysSo() {
        Cli cli = Cli.run("eval", "--model", temp.toString());
        assertEquals(1, cli.status, cli.toString());
        assertTrue(cli.err.contains("Not a HebbKit checkpoint: " + temp.resolve("model").resolve("model.json") + " is missing"),
                cli.err);
    }

    @Test
    void presetsListsEveryPresetWithItsPaperNumber() {
        Cli cli = Cli.run("presets");
        assertEquals(0, cli.status, cli.toString());
        assertTrue(cli.out.contains("softhebb-cifar10-3layer "), cli.out);
        assertTrue(cli.out.contains("80.31"), cli.out);
        assertTrue(cli.out.contains("softhebb-cifar10-3layer-hardwta"), cli.out);
    }
}
