package org.hebbkit.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.hebbkit.engine.MatMul;
import org.hebbkit.model.Configs;
import org.hebbkit.model.Preset;
import org.hebbkit.model.TrainingMode;
import org.hebbkit.nn.HebbianConv2d;
import org.hebbkit.train.RunSpec;

/**
 * The {@code resume/command.json} of a run started before {@link RunSpec} existed (HebbKit up to December 2026): one
 * member an option, {@code snake_case}, the preset with its probe epochs already applied. Such a run, killed, still
 * continues with {@code train --resume}; newer runs write {@code {"run": RUNSPEC, "data": DIR}}.
 */
final class ResumedCommand {

    private ResumedCommand() {}

    /**
     * The run a legacy {@code command.json} describes; members that runs of the time did not write take the value
     * those runs had ({@code conv_algorithm} patches, {@code matmul} engine: the engine multiplied before oneDNN).
     *
     * @throws IllegalArgumentException naming the member at fault
     */
    static RunSpec read(JsonObject command) {
        if (!command.has("preset") || !command.has("seed")) {
            throw new IllegalArgumentException("it holds neither \"run\" nor the \"preset\" and \"seed\" of an older run");
        }
        Preset preset = Configs.fromTree(command.get("preset"), Preset.class);
        String mode = string(command, "mode");
        String readout = string(command, "readout");
        String hebbianData = string(command, "hebbian_data");
        return RunSpec.builder().setPreset(preset).optSeed(command.get("seed").getAsLong())
                .optDataset(string(command, "dataset"))
                .optLimitTrain(integer(command, "limit_train")).optLimitTest(integer(command, "limit_test"))
                .optValidation(integer(command, "validation"))
                .optHebbianImages(hebbianData == null ? null : Preset.HebbianImages.valueOf(hebbianData.toUpperCase(java.util.Locale.ROOT)))
                .optLimitHebbian(integer(command, "limit_hebbian"))
                .optAugmentedCopies(present(command, "augmented_copies") ? command.get("augmented_copies").getAsInt() : null)
                .optMode(mode == null ? null : TrainingMode.parse(mode))
                .optReadout(readout == null ? null : Preset.Readout.parse(readout))
                .optRecomputeLowerBlocks(present(command, "recompute_lower_blocks")
                        && command.get("recompute_lower_blocks").getAsBoolean())
                .optConvAlgorithm(present(command, "conv_algorithm")
                        ? HebbianConv2d.Algorithm.valueOf(command.get("conv_algorithm").getAsString())
                        : HebbianConv2d.Algorithm.PATCHES)
                .optMatMul(present(command, "matmul") ? MatMul.Kernel.valueOf(command.get("matmul").getAsString())
                        : MatMul.Kernel.ENGINE)
                .build();
    }

    private static boolean present(JsonObject object, String member) {
        JsonElement value = object.get(member);
        return value != null && !value.isJsonNull();
    }

    private static String string(JsonObject object, String member) {
        return present(object, member) ? object.get(member).getAsString() : null;
    }

    private static int integer(JsonObject object, String member) {
        return present(object, member) ? object.get(member).getAsInt() : 0;
    }
}
