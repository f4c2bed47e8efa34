package org.hebbkit.cli;

import org.hebbkit.run.Arguments;
import org.hebbkit.run.DataSplits;
import org.hebbkit.run.EngineThreads;
import org.hebbkit.run.RunOptions;
import org.hebbkit.run.TrainCommand;
import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hebbkit.datasets.ImageSplit;
import org.hebbkit.datasets.Split;
import org.hebbkit.model.AtomicFiles;
import org.hebbkit.model.Configs;
import org.hebbkit.model.HebbianNetwork;
import org.hebbkit.model.Preset;
import org.hebbkit.model.Presets;
import org.hebbkit.model.RuleProtocol;
import org.hebbkit.train.LayerMetrics;
import org.hebbkit.train.PresetRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hebbkit compare}: every rule of the zoo under one protocol (a base preset's architecture, data and
 * readout; only the learning changes, see {@link RuleProtocol}), one after the other with the same seed;
 * prints a Markdown table and writes it with the numbers to {@code OUT/compare.md} and {@code OUT/compare.json}.
 */
@Command(name = "compare", description = "Run every learning rule under one protocol (the base preset's architecture,"
        + " data and readout) and print a table.")
final class CompareCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private RunOptions run;

    @Option(names = "--preset", defaultValue = "softhebb-mnist-1layer", description = "Base preset (default ${DEFAULT-VALUE}).")
    private String presetName;

    @Option(names = "--rules", split = ",", description = "Variants to run (default: all): softhebb, hard-wta, krotov,"
            + " instar, oja, hebb, bcm, random.")
    private List<String> rules;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        Arguments.check(spec, () -> EngineThreads.configure(run.threads));
        if (rules != null && rules.isEmpty()) {
            throw new Arguments.BadArgument(spec, "--rules names no rule; give one or more of " + String.join(", ",
                    RuleProtocol.NAMES) + ", separated by commas, or leave --rules out for all");
        }
        List<String> names = rules == null ? RuleProtocol.NAMES : rules;
        Preset base = Arguments.check(spec, () -> run.apply(Presets.resolve(presetName), spec.commandLine()));
        for (String name : names) {
            Arguments.check(spec, () -> RuleProtocol.variant(base, name));
        }
        Path output = run.out != null ? run.out : Path.of("runs", "compare-" + base.name() + "-seed" + run.seed);
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new Arguments.BadArgument(spec, "--out " + output + " is an existing file, not a folder; choose a folder"
                    + " (new, or existing) for compare.md and compare.json");
        }
        // one writer per folder: a second 'compare' (or 'train') into it is refused, naming this process
        try (org.hebbkit.model.RunFolderLock lock = org.hebbkit.model.RunFolderLock.acquire(output)) {
            return compare(base, names, output, console);
        }
    }

    private Integer compare(Preset base, List<String> names, Path output, PrintWriter console) throws IOException {
        ImageSplit train = DataSplits.load(base.dataset(), Split.TRAIN, run.data, false, run.limitTrain);
        ImageSplit test = DataSplits.load(base.dataset(), Split.TEST, run.data, false, run.limitTest);
        console.printf(Locale.ROOT, "compare on %s: %,d training and %,d test images, seed %d, rules %s%n", base.name(),
                train.size(), test.size(), run.seed, String.join(", ", names));
        List<String[]> rows = new ArrayList<>();
        JsonArray results = new JsonArray();
        for (String name : names) {
            Preset preset = RuleProtocol.variant(base, name);
            long start = System.nanoTime();
            PresetRun.Result result = PresetRun.builder().setPreset(preset).optSeed(run.seed).optDevice(Device.cpu()).build()
                    .run(DataSplits.adapt(train), DataSplits.adapt(test));
            double seconds = (System.nanoTime() - start) / 1e9;
            try (HebbianNetwork network = result.network()) {
                LayerMetrics first = result.layers().get(0);
                rows.add(new String[] {name, percent(result.testAccuracy()), percent(result.trainAccuracy()),
                    percent(first.unitConvergence()), String.format(Locale.ROOT, "%.3f", first.meanRadius()),
                    String.format(Locale.ROOT, "%.2f", first.winEntropyBits()), String.format(Locale.ROOT, "%.0f", seconds)});
                JsonObject json = new JsonObject();
                json.addProperty("rule", name);
                json.addProperty("test_accuracy", result.testAccuracy());
                json.addProperty("train_accuracy", result.trainAccuracy());
                json.addProperty("seconds", seconds);
                JsonArray layers = new JsonArray();
                for (LayerMetrics layer : result.layers()) {
                    JsonObject metrics = new JsonObject();
                    metrics.addProperty("layer", layer.layer() + 1);
                    metrics.addProperty("unit_convergence", layer.unitConvergence());
                    metrics.addProperty("lebesgue_power", layer.lebesguePower());
                    metrics.addProperty("mean_radius", layer.meanRadius());
                    metrics.addProperty("win_entropy_bits", layer.winEntropyBits());
                    layers.add(metrics);
                }
                json.add("layers", layers);
                json.add("recipe", Configs.toTree(preset));
                results.add(json);
            }
            console.printf(Locale.ROOT, "%-9s test accuracy %s%% (%.0f s)%n", name, percent(result.testAccuracy()), seconds);
        }
        String table = table(rows);
        console.print(table);
        JsonObject record = new JsonObject();
        record.addProperty("base_preset", base.name());
        record.addProperty("seed", run.seed);
        record.addProperty("train_images", train.size());
        record.addProperty("test_images", test.size());
        record.add("provenance", org.hebbkit.model.Provenance.current(ai.djl.engine.Engine.getInstance()).toJson());
        record.add("results", results);
        AtomicFiles.write(output.resolve("compare.md"), o -> o.write(table.getBytes(StandardCharsets.UTF_8)));
        TrainCommand.writeJson(record, output.resolve("compare.json"));
        console.printf("wrote %s (compare.md, compare.json)%n", output);
        return 0;
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f", fraction * 100);
    }

    static String table(List<String[]> rows) {
        StringBuilder table = new StringBuilder("| rule | test % | train % | unit convergence % (layer 1) | mean radius"
                + " (layer 1) | win entropy, bits (layer 1) | seconds |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (String[] row : rows) {
            table.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return table.toString();
    }

}
