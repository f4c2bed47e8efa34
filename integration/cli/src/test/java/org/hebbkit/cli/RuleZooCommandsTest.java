package org.hebbkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hebbkit.model.Component;
import org.hebbkit.model.Components;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hebbkit rules}, preset files, {@code --dataset} and {@code hebbkit compare}, on real MNIST where needed. */
class RuleZooCommandsTest {

    /** A small conv preset (8 channels) so that real runs take seconds. */
    private static final String SMALL = """
            {"name": "small-conv", "description": "test", "reference": "test", "dataset": "mnist", "input": [1, 28, 28],
             "blocks": [{"batchNorm": true, "outChannels": 8,
               "conv": {"kernel": 5, "stride": 1, "padding": 2, "paddingMode": "reflect", "dilation": 1, "groups": 1},
               "competition": {"type": "soft-krotov", "temperatureInverse": 1.0}, "rule": {"type": "softhebb"},
               "learningRate": {"type": "norm-adaptive", "rate": 0.08, "power": 0.5},
               "normaliseUpdate": true, "renormalise": false, "preTriangle": false,
               "activation": {"type": "triangle", "power": 0.7},
               "pooling": {"kind": "avg", "kernel": 4, "stride": 2, "padding": 1}, "init": {"kind": "normal", "radius": 25}}],
             "training": "hebbian", "unsupervised": {"mode": "successive", "epochs": 1, "batchSize": 10},
             "probe": {"epochs": 2, "batchSize": 64, "learningRate": 0.001, "dropout": 0.0, "milestones": [], "evalBatchSize": 500}}
            """;

    @TempDir
    Path temp;

    @Test
    void rulesListsEveryRegisteredComponentWithItsFormula() {
        Cli rules = Cli.run("rules");
        assertEquals(0, rules.status, rules.toString());
        for (Component<?> component : Components.all()) {
            assertTrue(rules.out.contains("  " + component.type()) && rules.out.contains(component.formula()),
                    component.type() + " missing from:\n" + rules.out);
        }
        assertTrue(rules.out.contains("parameters: k: int, delta: double"), rules.out);
    }

    @Test
    void presetFilesAreCheckedFieldByField() throws Exception {
        Path unknownField = write("tau.json", SMALL.replace("\"temperatureInverse\": 1.0", "\"tau\": 1.0"));
        Cli tau = Cli.run("train", "--preset", unknownField.toString());
        assertEquals(2, tau.status, tau.toString());
        assertTrue(tau.err.startsWith("hebbkit: preset file " + unknownField
                + ": blocks[0].competition: unknown field 'tau'; valid fields: temperatureInverse"), tau.err);
        Path bigK = write("k.json", SMALL.replace("\"type\": \"soft-krotov\", \"temperatureInverse\": 1.0",
                "\"type\": \"k-wta\", \"k\": 9"));
        Cli k = Cli.run("train", "--preset", bigK.toString());
        assertEquals(2, k.status, k.toString());
        assertTrue(k.err.startsWith("hebbkit: preset file " + bigK + ": blocks[0]: k-wta: k = 9 is larger than the layer's 8"
                + " neurons; choose k <= 8"), k.err);
        Cli missing = Cli.run("train", "--preset", temp.resolve("nothing.json").toString());
        assertEquals(2, missing.status, missing.toString());
        assertTrue(missing.err.startsWith("hebbkit: cannot read preset file " + temp.resolve("nothing.json")), missing.err);
        Cli dataset = Cli.run("train", "--preset", "softhebb-mnist-1layer", "--dataset", "svhn");
        assertEquals(2, dataset.status, dataset.toString());
        assertTrue(dataset.err.startsWith("hebbkit: Unknown dataset 'svhn'. Valid datasets: mnist, fashion-mnist"
                + " (fashionmnist, fashion_mnist), cifar-10 (cifar10, cifar_10), cifar-100 (cifar100, cifar_100)"), dataset.err);
    }

    @Test
    void aPresetFileRunsOnAnotherDatasetWithItsShapeAdapted() throws Exception {
        Path data = TrainEvalRealRunTest.dataDirectory();
        Path preset = write("small.json", SMALL);
        Path out = temp.resolve("cifar");
        Cli train = Cli.run("train", "--preset", preset.toString(), "--dataset", "cifar10", "--data", data.toString(),
                "--out", out.toString(), "--limit-train", "500", "--limit-test", "200", "--probe-epochs", "1");
        assertEquals(0, train.status, train.toString());
        JsonObject record = JsonParser.parseString(Files.readString(out.resolve("run.json"))).getAsJsonObject();
        JsonObject recipe = record.getAsJsonObject("recipe");
        assertEquals("cifar-10", recipe.get("dataset").getAsString());
        assertEquals("[3,32,32]", recipe.get("input").toString(), "the input follows the dataset");
        assertTrue(record.getAsJsonArray("layers").get(0).getAsJsonObject().has("unit_convergence"));
    }

    @Test
    void compareRunsTheRulesUnderOneProtocolAndWritesTheTable() throws Exception {
        Path data = TrainEvalRealRunTest.dataDirectory();
        Path out = temp.resolve("compare");
        Cli compare = Cli.run("compare", "--preset", write("small.json", SMALL).toString(), "--rules", "softhebb,krotov,random",
                "--data", data.toString(), "--out", out.toString(), "--limit-train", "1000", "--limit-test", "300",
                "--probe-epochs", "1");
        assertEquals(0, compare.status, compare.toString());
        String table = Files.readString(out.resolve("compare.md"));
        assertTrue(table.startsWith("| rule | test % |"), table);
        for (String rule : new String[] {"softhebb", "krotov", "random"}) {
            assertTrue(table.lines().anyMatch(line -> line.startsWith("| " + rule + " | ")), table);
        }
        JsonObject record = JsonParser.parseString(Files.readString(out.resolve("compare.json"))).getAsJsonObject();
        assertEquals(3, record.getAsJsonArray("results").size());
        JsonObject krotov = record.getAsJsonArray("results").get(1).getAsJsonObject();
        assertEquals("krotov-currents", krotov.getAsJsonObject("recipe").getAsJsonArray("blocks").get(0).getAsJsonObject()
                .getAsJsonObject("response").get("type").getAsString());
        assertEquals(3.0, krotov.getAsJsonArray("layers").get(0).getAsJsonObject().get("lebesgue_power").getAsDouble());
    }

    private Path write(String name, String text) throws Exception {
        Path file = temp.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
