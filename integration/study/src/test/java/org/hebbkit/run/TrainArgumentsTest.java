package org.hebbkit.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hebbkit.engine.MatMul;
import org.hebbkit.model.Configs;
import org.hebbkit.model.Preset;
import org.hebbkit.model.Presets;
import org.hebbkit.model.TrainingMode;
import org.hebbkit.nn.HebbianConv2d;
import org.hebbkit.train.RunSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options {@link TrainArguments} writes for a run are the run {@code train} reads from them: every value, so an
 * option added to one side only fails here. And a {@code command.json} written before {@link RunSpec} existed still
 * resumes ({@link ResumedCommand}).
 */
class TrainArgumentsTest {

    @TempDir
    Path temp;

    @Test
    void trainReadsBackTheRunItsArgumentsDescribe() throws IOException {
        Preset cifar = Presets.get("softhebb-cifar10-3layer");
        Preset stl = Presets.get("softhebb-stl10-4layer");
        List<RunSpec> runs = List.of(
                RunSpec.builder().setPreset(cifar).optConvAlgorithm(HebbianConv2d.Algorithm.PATCHES)
                        .optMatMul(MatMul.Kernel.ENGINE).build(),
                RunSpec.builder().setPreset(cifar).optSeed(3).optDataset("cifar-100").optLimitTrain(2000).optLimitTest(300)
                        .optValidation(500).optMode(TrainingMode.CONSECUTIVE).optReadout(Preset.Readout.RIDGE)
                        .optProbeEpochs(4).optHebbianEpochs(2).optThreads(2).optConvAlgorithm(HebbianConv2d.Algorithm.WINOGRAD)
                        .optMatMul(MatMul.Kernel.ONEDNN).optRecomputeLowerBlocks(true).build(),
                RunSpec.builder().setPreset(stl).optSeed(1).optHebbianImages(Preset.HebbianImages.UNLABELED)
                        .optLimitHebbian(100).optAugmentedCopies(2).optMode(TrainingMode.SIMULTANEOUS)
                        .optConvAlgorithm(HebbianConv2d.Algorithm.AUTO).optMatMul(MatMul.Kernel.AUTO).build());
        for (RunSpec run : runs) {
            Path presetFile = temp.resolve(run.preset().name() + ".json");
            Files.writeString(presetFile, Configs.toJson(run.preset()));
            List<String> arguments = new ArrayList<>(List.of("--preset", presetFile.toString()));
            arguments.addAll(TrainArguments.of(run));
            arguments.addAll(TrainArguments.engine(run));
            TrainCommand train = new TrainCommand();
            CommandLines.parser(train).parseArgs(arguments.toArray(String[]::new));
            assertEquals(run, train.runSpec(), String.join(" ", arguments));
        }
    }

    @Test
    void aRunKilledBeforeRunSpecExistedStillResumes() throws IOException {
        // written by 'hebbkit train' at fc023fa (a trial of docs/searches/cifar10-search, killed in its first epoch)
        JsonObject command;
        try (InputStream in = TrainArgumentsTest.class.getResourceAsStream("command-before-runspec.json")) {
            command = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
        RunSpec run = ResumedCommand.read(command);
        assertEquals("softhebb-cifar10-3layer", run.preset().name());
        assertEquals(2048, run.preset().blocks().get(2).outChannels());
        assertEquals(2, run.recipe().unsupervised().epochs());
        assertEquals(0, run.seed());
        assertEquals(15000, run.data().limitTrain());
        assertEquals(5000, run.data().validation());
        assertEquals(MatMul.Kernel.AUTO, run.compute().matmul());
        assertEquals(HebbianConv2d.Algorithm.PATCHES, run.compute().convAlgorithm());
        assertEquals(cifarMode(), run.mode());
        // and it is written the new way from then on
        assertEquals(run, Configs.fromTree(Configs.toTree(run), RunSpec.class));
    }

    private static TrainingMode cifarMode() {
        return Presets.get("softhebb-cifar10-3layer").unsupervised().mode();
    }
}
