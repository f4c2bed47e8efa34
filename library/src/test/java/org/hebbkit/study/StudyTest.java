package org.hebbkit.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hebbkit.engine.MatMul;
import org.hebbkit.model.Configs;
import org.hebbkit.model.Preset;
import org.hebbkit.model.Presets;
import org.hebbkit.nn.HebbianConv2d;
import org.junit.jupiter.api.Test;

class StudyTest {

    private static final Preset MLP = Presets.get("softhebb-mnist-mlp");
    private static final Preset KROTOV = Presets.get("krotov-mnist");

    @Test
    void gridRunsEveryCombinationTimesEverySeedInOrderWithTheValuesApplied() {
        Study study = Study.builder().addPreset(MLP).addPreset(KROTOV).setSeeds(List.of(3L, 1L))
                .addParameter(Parameter.parse("probe.epochs=2,5"))
                .addParameter(Parameter.parse("unsupervised.batchSize=16,32,64")).build();
        List<Trial> trials = study.trials();
        assertEquals(2 * 2 * 3 * 2, trials.size());
        // naive loops over the same order: preset, first parameter, second parameter (fastest), seed
        int i = 0;
        for (Preset preset : List.of(MLP, KROTOV)) {
            for (int epochs : new int[] {2, 5}) {
                for (int batch : new int[] {16, 32, 64}) {
                    for (long seed : new long[] {3, 1}) {
                        Trial trial = trials.get(i++);
                        assertEquals(preset.name(), trial.presetName());
                        assertEquals(seed, trial.seed());
                        assertEquals(epochs, trial.preset().probe().epochs());
                        assertEquals(batch, trial.preset().unsupervised().batchSize());
                        assertEquals(Configs.with(Configs.with(preset, "probe.epochs", epochs),
                                "unsupervised.batchSize", batch), trial.preset());
                        assertEquals(preset.name() + " probe.epochs=" + epochs + " unsupervised.batchSize=" + batch,
                                trial.configuration());
                    }
                }
            }
        }
        Set<String> ids = new HashSet<>();
        trials.forEach(trial -> ids.add(trial.id()));
        assertEquals(trials.size(), ids.size(), "trial ids are unique");
        assertEquals(trials.stream().map(Trial::id).toList(), study.trials().stream().map(Trial::id).toList(),
                "the same study names its trials the same way every time");
    }

    @Test
    void withoutParametersEachPresetRunsAsItIsWithTheProbeEpochsOption() {
        Study study = Study.builder().addPreset(MLP).setSeeds(List.of(0L, 1L))
                .optOptions(new TrialOptions(null, 100, 50, 3, null, 0)).build();
        List<Trial> trials = study.trials();
        assertEquals(List.of("softhebb-mnist-mlp-seed0", "softhebb-mnist-mlp-seed1"), trials.stream().map(Trial::id).toList());
        assertEquals(Configs.with(MLP, "probe.epochs", 3), trials.get(0).preset());
        // a swept probe.epochs overrides the option, as the settings apply after it
        Study swept = Study.builder().addPreset(MLP).setSeeds(List.of(0L)).addParameter(Parameter.of("probe.epochs", 7))
                .optOptions(new TrialOptions(null, 100, 50, 3, null, 0)).build();
        assertEquals(7, swept.trials().get(0).preset().probe().epochs());
    }

    @Test
    void trialNamesAreUniqueAndTheSameForTheSameValueWrittenTwoWays() {
        Trial a = Trial.of("p", List.of(new Trial.Setting("x", Parameter.value("0.1"))), 0, MLP);
        Trial b = Trial.of("p", List.of(new Trial.Setting("x", Parameter.value("0.10"))), 0, MLP);
        Trial c = Trial.of("p", List.of(new Trial.Setting("x", Parameter.value("\"0.1\""))), 0, MLP);
        assertEquals(a.id(), b.id());
        assertNotEquals(a.id(), c.id(), "the string \"0.1\" is another value than the number 0.1");
        assertTrue(a.id().matches("p-[0-9a-f]{12}-seed0"), a.id());
        Preset spaced = Configs.with(MLP, "name", "my mlp");
        Preset underscored = Configs.with(MLP, "name", "my_mlp");
        assertEquals("presets 'my mlp' and 'my_mlp' give the same trial folder my_mlp-seed0; rename one (letters, digits,"
                + " '.', '_' and '-' are kept in folder names)", assertThrows(IllegalArgumentException.class,
                        () -> Study.builder().addPreset(spaced).addPreset(underscored).setSeeds(List.of(0L)).build()
                                .trials()).getMessage());
        List<ConfigurationSummary> summaries = ConfigurationSummary.of(List.of(TrialResult.complete(a, 0.5, 0.5, 1, 1),
                TrialResult.complete(c, 0.7, 0.7, 1, 1)));
        assertEquals(2, summaries.size(), "grouped by value, not by label");
    }

    @Test
    void wildcardPathsAndWholeTypedPartsAreSettable() {
        Study study = Study.builder().addPreset(MLP).setSeeds(List.of(0L))
                .addParameter(Parameter.parse("blocks.*.competition={\"type\":\"hard-wta\"},{\"type\":\"soft-wta\",\"temperatureInverse\":3}"))
                .build();
        List<Trial> trials = study.trials();
        assertEquals(2, trials.size());
        assertEquals("hard-wta", org.hebbkit.model.Components.typeOf((Record) trials.get(0).preset().blocks().get(0).competition()));
        assertTrue(Configs.toJson(trials.get(1).preset()).contains("\"temperatureInverse\": 3.0"));
    }

    @Test
    void randomSampleDrawsDistinctConfigurationsFromTheGridTheSameForTheSameSeed() {
        Search search = new Search.RandomSample(5, 42);
        List<Integer> chosen = search.choose(20);
        assertEquals(5, chosen.size());
        assertEquals(5, new HashSet<>(chosen).size());
        assertTrue(chosen.stream().allMatch(i -> i >= 0 && i < 20));
        assertEquals(chosen, new Search.RandomSample(5, 42).choose(20));
        assertNotEquals(chosen, new Search.RandomSample(5, 43).choose(20));
        assertEquals(List.of(0, 1, 2), new Search.RandomSample(9, 1).choose(3), "a sample as large as the grid is the grid");
        // every index is drawn about equally often over many draws
        int[] counts = new int[10];
        for (long seed = 0; seed < 2000; seed++) {
            new Search.RandomSample(3, seed).choose(10).forEach(i -> counts[i]++);
        }
        for (int count : counts) {
            assertTrue(count > 500 && count < 700, "count " + count + " (expected 600)");
        }
        assertEquals("random:4", Search.parse("random:4").text());
        assertEquals("--search must be grid or random:N, got 'halving'",
                assertThrows(IllegalArgumentException.class, () -> Search.parse("halving")).getMessage());
        assertEquals("--search random:N needs a whole number N, got 'random:x'",
                assertThrows(IllegalArgumentException.class, () -> Search.parse("random:x")).getMessage());
    }

    @Test
    void anUnknownPathIsRefusedWithEveryValidPathOfThePreset() {
        Study study = Study.builder().addPreset(MLP).setSeeds(List.of(0L))
                .addParameter(Parameter.parse("blocks.0.learningRate.rte=0.1")).build();
        String message = assertThrows(IllegalArgumentException.class, study::trials).getMessage();
        assertTrue(message.startsWith("unknown path 'blocks.0.learningRate.rte' for preset softhebb-mnist-mlp; valid paths: "),
                message);
        for (String path : List.of("blocks.0.learningRate.rate", "blocks.0.learningRate", "probe.epochs", "input",
                "blocks.0.competition.temperatureInverse", "blocks.0.pooling", "unsupervised.batchSize")) {
            assertTrue(message.contains(path + ",") || message.endsWith(path), path + " in " + message);
        }
        assertEquals(Configs.paths(MLP).size(), message.substring(message.indexOf("valid paths: ")).split(", ").length);
    }

    @Test
    void aValueThePresetRefusesNamesThePresetPathAndAllowedRange() {
        Study study = Study.builder().addPreset(MLP).setSeeds(List.of(0L))
                .addParameter(Parameter.parse("probe.epochs=5,0")).build();
        String message = assertThrows(IllegalArgumentException.class, study::trials).getMessage();
        assertTrue(message.startsWith("preset softhebb-mnist-mlp, probe.epochs=0: probe: "), message);
        assertTrue(message.contains("epochs") && message.contains("0"), message);
    }

    @Test
    void badParameterTextsAreRefusedWithTheFix() {
        assertEquals("--set takes PATH=V1,V2,... (e.g. blocks.0.learningRate.rate=0.01,0.03), got 'probe.epochs'",
                assertThrows(IllegalArgumentException.class, () -> Parameter.parse("probe.epochs")).getMessage());
        assertEquals("parameter probe.epochs has no values: give at least one, as probe.epochs=V1,V2,...",
                assertThrows(IllegalArgumentException.class, () -> Parameter.parse("probe.epochs=")).getMessage());
        assertEquals("parameter probe.epochs has an empty value in '1,,2': separate values by single commas",
                assertThrows(IllegalArgumentException.class, () -> Parameter.parse("probe.epochs=1,,2")).getMessage());
        assertEquals("parameter probe.epochs lists a value twice: [1, 1]",
                assertThrows(IllegalArgumentException.class, () -> Parameter.parse("probe.epochs=1,1")).getMessage());
        assertEquals(List.of(new JsonPrimitive("max"), new JsonPrimitive(2), new JsonPrimitive(true)),
                Parameter.parse("a.b=max, 2,true").values());
        assertEquals("a study sweeps a path twice: [probe.epochs, probe.epochs]; give each path's values in one list",
                assertThrows(IllegalArgumentException.class, () -> Study.builder().addPreset(MLP).setSeeds(List.of(0L))
                        .addParameter(Parameter.of("probe.epochs", 1)).addParameter(Parameter.of("probe.epochs", 2))
                        .build()).getMessage());
        assertEquals("a study lists a seed twice: [0, 0]", assertThrows(IllegalArgumentException.class,
                () -> Study.builder().addPreset(MLP).setSeeds(List.of(0L, 0L)).build()).getMessage());
        assertEquals("a study needs its seeds: setSeeds(List.of(0L, 1L, ...))",
                assertThrows(IllegalArgumentException.class, () -> Study.builder().addPreset(MLP).build()).getMessage());
    }

    @Test
    void differencesNameWhatChangedBetweenTwoStudies() {
        Study before = Study.builder().addPreset(MLP).setSeeds(List.of(0L, 1L))
                .addParameter(Parameter.of("probe.epochs", 1, 2)).build();
        assertEquals(List.of(), Study.differences(before.toJson(), before.toJson()));
        Study seeds = Study.builder().addPreset(MLP).setSeeds(List.of(0L, 1L, 2L))
                .addParameter(Parameter.of("probe.epochs", 1, 2)).build();
        assertEquals(List.of("seeds: [0,1] then [0,1,2]"), Study.differences(before.toJson(), seeds.toJson()));
        Study preset = Study.builder().addPreset(Configs.with(MLP, "unsupervised.batchSize", 8)).setSeeds(List.of(0L, 1L))
                .addParameter(Parameter.of("probe.epochs", 1, 2)).build();
        assertEquals(List.of("preset softhebb-mnist-mlp changed: unsupervised.batchSize 32 then 8"),
                Study.differences(before.toJson(), preset.toJson()));
        Study engine = Study.builder().addPreset(MLP).setSeeds(List.of(0L, 1L))
                .addParameter(Parameter.of("probe.epochs", 1, 2))
                .optOptions(new TrialOptions(null, 0, 0, null, null, 0, null, MatMul.Kernel.ENGINE)).build();
        assertEquals(List.of("options.matmul: null then \"engine\""), Study.differences(before.toJson(), engine.toJson()));
        Study winograd = Study.builder().addPreset(MLP).setSeeds(List.of(0L, 1L))
                .addParameter(Parameter.of("probe.epochs", 1, 2))
                .optOptions(new TrialOptions(null, 500, 0, null, null, 0, HebbianConv2d.Algorithm.WINOGRAD, MatMul.Kernel.ONEDNN))
                .build();
        // the first study's options in their order, then those only the second one has
        assertEquals(List.of("options.limitTrain: 0 then 500", "options.matmul: \"engine\" then \"onednn\"",
                "options.convAlgorithm: null then \"winograd\""), Study.differences(engine.toJson(), winograd.toJson()));
    }

    @Test
    void aStudyOnTrainsDefaultFormulationKeepsTheFormItsStudyFileHadBeforeTheKernelOptions() {
        Study plain = Study.builder().addPreset(MLP).setSeeds(List.of(0L)).build();
        assertEquals(Set.of("dataset", "limitTrain", "limitTest", "probeEpochs", "readout", "validation"),
                plain.toJson().getAsJsonObject("options").keySet());
        Study kernel = Study.builder().addPreset(MLP).setSeeds(List.of(0L))
                .optOptions(new TrialOptions(null, 0, 0, null, null, 0, null, MatMul.Kernel.ONEDNN)).build();
        assertEquals("onednn", kernel.toJson().getAsJsonObject("options").get("matmul").getAsString());
        assertFalse(kernel.toJson().getAsJsonObject("options").has("convAlgorithm"));
        TrialOptions rung = kernel.options().forRung(1000, 200);
        assertEquals(new TrialOptions(null, 1000, 0, null, null, 200, null, MatMul.Kernel.ONEDNN), rung);
    }

    @Test
    void onlyAStudyWithMoreSeedsAndNothingElseChangedAddsSeeds() {
        Study before = Study.builder().addPreset(MLP).setSeeds(List.of(0L, 1L))
                .addParameter(Parameter.of("probe.epochs", 1, 2)).build();
        Study more = Study.builder().addPreset(MLP).setSeeds(List.of(0L, 1L, 2L, 3L))
                .addParameter(Parameter.of("probe.epochs", 1, 2)).build();
        assertTrue(Study.addsSeeds(before.toJson(), more.toJson()));
        assertTrue(Study.addsSeeds(JsonParser.parseString(before.toJson().toString()).getAsJsonObject(), more.toJson()),
                "read back from study.json");
        Study fewer = Study.builder().addPreset(MLP).setSeeds(List.of(0L))
                .addParameter(Parameter.of("probe.epochs", 1, 2)).build();
        assertFalse(Study.addsSeeds(before.toJson(), fewer.toJson()), "a seed dropped");
        Study other = Study.builder().addPreset(MLP).setSeeds(List.of(1L, 2L))
                .addParameter(Parameter.of("probe.epochs", 1, 2)).build();
        assertFalse(Study.addsSeeds(before.toJson(), other.toJson()), "seed 0 dropped, seed 2 added");
        Study changed = Study.builder().addPreset(MLP).setSeeds(List.of(0L, 1L, 2L))
                .addParameter(Parameter.of("probe.epochs", 1, 3)).build();
        assertFalse(Study.addsSeeds(before.toJson(), changed.toJson()), "more seeds, but another grid");
        Study halving = Study.builder().addPreset(MLP).setSeeds(List.of(0L, 1L))
                .addParameter(Parameter.of("probe.epochs", 1, 2)).optHalving(Halving.parse("eta=2")).build();
        Study halvingMore = Study.builder().addPreset(MLP).setSeeds(List.of(0L, 1L, 2L))
                .addParameter(Parameter.of("probe.epochs", 1, 2)).optHalving(Halving.parse("eta=2")).build();
        assertFalse(Study.addsSeeds(halving.toJson(), halvingMore.toJson()), "halving's rungs chose on the seeds they had");
    }

    @Test
    void summariesAreTheMeanAndSampleStandardDeviationOverCompletedSeeds() {
        Trial a0 = Trial.of("p", List.of(new Trial.Setting("x", new JsonPrimitive(1))), 0, MLP);
        Trial a1 = Trial.of("p", List.of(new Trial.Setting("x", new JsonPrimitive(1))), 1, MLP);
        Trial a2 = Trial.of("p", List.of(new Trial.Setting("x", new JsonPrimitive(1))), 2, MLP);
        Trial b0 = Trial.of("p", List.of(new Trial.Setting("x", new JsonPrimitive(2))), 0, MLP);
        List<TrialResult> results = new ArrayList<>(List.of(TrialResult.complete(a0, 0.90, 0.95, 10, 100),
                TrialResult.complete(b0, 0.50, 0.55, 12, 100), TrialResult.complete(a1, 0.80, 0.85, 11, 100),
                TrialResult.failed(a2, 3, "out of memory")));
        List<ConfigurationSummary> summaries = ConfigurationSummary.of(results);
        assertEquals(2, summaries.size());
        assertEquals("p x=1", summaries.get(0).configuration());
        assertEquals(0.85, summaries.get(0).meanTestAccuracy(), 1e-12);
        assertEquals(Math.sqrt((0.05 * 0.05 * 2) / 1), summaries.get(0).stdTestAccuracy(), 1e-12);
        assertEquals(2, summaries.get(0).seeds());
        assertEquals(1, summaries.get(0).failed());
        assertTrue(Double.isNaN(summaries.get(1).stdTestAccuracy()), "one seed has no standard deviation");
        assertEquals("""
                preset,x,mean_test_accuracy,std_test_accuracy,seeds,failed
                p,1,85.0000,7.0711,2,1
                p,2,50.0000,,1,0
                """, StudyTables.summary(summaries));
        String table = StudyTables.results(results);
        assertEquals("trial,preset,x,seed,status,test_accuracy,train_accuracy,wall_seconds,peak_resident_bytes,message",
                table.lines().findFirst().orElseThrow());
        assertTrue(table.lines().toList().get(4).matches("p-[0-9a-f]{12}-seed2,p,1,2,failed,,,3.0,,out of memory"),
                table);
        assertEquals(results.get(3), TrialResult.fromJson(results.get(3).toJson()));
        assertEquals(results.get(0), TrialResult.fromJson(results.get(0).toJson()));
    }

    @Test
    void csvQuotesCellsWithCommasAndQuotes() {
        Trial trial = Trial.of("p", List.of(new Trial.Setting("c", Parameter.value("{\"type\":\"k-wta\",\"k\":2}"))), 0, MLP);
        String table = StudyTables.results(List.of(TrialResult.failed(trial, 1, "bad \"value\", again")));
        assertTrue(table.contains(",\"{\"\"type\"\":\"\"k-wta\"\",\"\"k\"\":2}\","), table);
        assertTrue(table.strip().endsWith(",\"bad \"\"value\"\", again\""), table);
    }

    @Test
    void halvingBudgetsDivideByEtaDownToTheMinimumAndKeepTheBestThird() {
        Halving halving = Halving.parse("eta=3");
        assertEquals(new Halving(3, 0, 5000), halving);
        assertEquals(List.of(6666, 20000, 60000), halving.budgets(60000), "min = full / eta^2: three rungs");
        assertEquals(List.of(1000, 2000, 4000, 8000), Halving.parse("eta=2,min=1000,validation=100").budgets(8000));
        assertEquals(List.of(2222, 6666, 20000, 60000), Halving.parse("eta=3,min=2000").budgets(60000));
        assertEquals("halving from 5000 to 6000 training images with eta 3 leaves one rung; lower min or raise --limit-train",
                assertThrows(IllegalArgumentException.class, () -> Halving.parse("eta=3,min=5000").budgets(6000)).getMessage());
        // keep: the best ceil(n / eta) by mean accuracy; a configuration with no completed seed ranks last
        List<ConfigurationSummary> rung = List.of(summary(0.50), summary(0.71), summary(Double.NaN), summary(0.70),
                summary(0.30), summary(0.90), summary(0.69));
        assertEquals(List.of(11, 13, 15), halving.keep(List.of(10, 11, 12, 13, 14, 15, 16), rung));
        assertEquals(List.of(5), new Halving(9, 0, 1).keep(List.of(2, 5), List.of(summary(0.1), summary(0.2))));
        assertEquals(List.of(2), new Halving(2, 0, 1).keep(List.of(2), List.of(summary(Double.NaN))));
        java.util.function.ToIntFunction<String> sizes = name -> switch (name) {
            case "mnist" -> 60000;
            case "cifar-10" -> 50000;
            default -> throw new IllegalArgumentException("Unknown dataset '" + name + "'");
        };
        assertEquals(60000, Halving.fullBudget(TrialOptions.defaults(), List.of(MLP), sizes));
        assertEquals(5000, Halving.fullBudget(new TrialOptions(null, 5000, 0, null, null, 0), List.of(MLP), sizes));
        assertEquals(50000, Halving.fullBudget(new TrialOptions("cifar-10", 0, 0, null, null, 0), List.of(MLP), sizes));
        assertEquals("--halving takes eta=N[,min=N][,validation=N], got 'eta=3,k=2'",
                assertThrows(IllegalArgumentException.class, () -> Halving.parse("eta=3,k=2")).getMessage());
        assertEquals("--halving needs eta=N (e.g. eta=3), got 'min=10'",
                assertThrows(IllegalArgumentException.class, () -> Halving.parse("min=10")).getMessage());
        assertEquals("halving eta must be at least 2, got 1",
                assertThrows(IllegalArgumentException.class, () -> Halving.parse("eta=1")).getMessage());
        assertEquals("successive halving searches one preset's parameters; give one --preset, got 2",
                assertThrows(IllegalArgumentException.class, () -> Study.builder().addPreset(MLP).addPreset(KROTOV)
                        .setSeeds(List.of(0L)).optHalving(halving).build()).getMessage());
    }

    private static ConfigurationSummary summary(double mean) {
        return new ConfigurationSummary("p", List.of(), mean, Double.NaN, Double.isNaN(mean) ? 0 : 1, Double.isNaN(mean) ? 1 : 0);
    }
}
