package org.hebbkit.notebook

import org.hebbkit.report.ChartSet
import org.hebbkit.report.DatasetView
import org.hebbkit.report.Html
import org.hebbkit.report.ImageGrid
import org.hebbkit.report.Renderable
import org.hebbkit.report.StudyReport
import java.nio.file.Path
import java.util.Locale
import org.hebbkit.datasets.Split
import org.hebbkit.engine.MatMul
import org.hebbkit.model.Components
import org.hebbkit.model.Configs
import org.hebbkit.model.Devices
import org.hebbkit.model.HebbianNetwork
import org.hebbkit.model.Preset
import org.hebbkit.model.Presets
import org.hebbkit.model.TrainingMode
import org.hebbkit.study.Halving
import org.hebbkit.study.Parameter
import org.hebbkit.study.Search
import org.hebbkit.study.Study
import org.hebbkit.study.TrialOptions
import org.hebbkit.run.DataSplits
import org.hebbkit.sweep.ChosenConfiguration
import org.hebbkit.sweep.LocalEngine
import org.hebbkit.sweep.StoredStudy
import org.hebbkit.sweep.Sweep
import org.hebbkit.sweep.SweepEvents
import org.hebbkit.sweep.SweepListener
import org.hebbkit.sweep.TrialProcess
import org.hebbkit.train.PresetRun
import org.hebbkit.train.RunSpec
import org.hebbkit.train.RunCheckpoints

/**
 * The notebook's entry point: train a preset with live progress, look at data, presets, rules and the last
 * run. Every `%hebb` magic is one call here ([HebbMagic] rewrites it), so editors that do not know the magic
 * run the plain call:
 *
 * ```kotlin
 * val run = Hebb.train(preset = "softhebb-mnist-1layer", limit = 5000)   // %hebb train preset=softhebb-mnist-1layer limit=5000
 * run.history()                                                          // %hebb history
 * run.filters(layer = 1)                                                 // %hebb filters layer=1
 * run.save("models/mnist")                                               // model.json + weights
 * Hebb.load("models/mnist").evaluate(limit = 1000)                       // %hebb load directory=models/mnist
 * ```
 *
 * Style: properties for stored values (`run.testAccuracy`, a fraction, and `run.testAccuracyPercent`), functions for
 * what computes, draws or writes (`history()`, `filters()`, `evaluate()`, `save()`).
 */
object Hebb {

    /** The data directory; `null` searches `-Dhebbkit.data`, `$HEBBKIT_DATA`, `~/.hebbkit/datasets`. */
    @JvmStatic
    var data: Path? = null

    /** True when `HEBBKIT_QUICK=1`: tutorials then train on small subsets (CI runs them so). */
    @JvmStatic
    val quick: Boolean
        get() = System.getenv("HEBBKIT_QUICK") == "1"

    /** Where live progress goes; the notebook integration sets a kernel display, plain JVM code shows none. */
    @JvmStatic
    var progressDisplay: () -> ProgressDisplay = { ProgressDisplay.NONE }

    /** The run [train] finished last, for `%hebb filters` and `%hebb history`. */
    @JvmStatic
    var lastRun: TrainedRun? = null
        private set

    /**
     * Trains a preset on its dataset (or another) and tests it, showing live progress in the cell.
     *
     * @param preset a preset name (`Hebb.presets()`) or a preset JSON file
     * @param dataset another dataset, a name or alias `DatasetRegistry` knows (`DatasetRegistry.names()`; default: the preset's)
     * @param seed initialisation, order and dropout
     * @param limit use only the first N training images (0: all)
     * @param limitTest use only the first N test images (0: all)
     * @param mode successive, consecutive or simultaneous (default: the preset's)
     * @param probeEpochs override the probe's epochs
     * @param device cpu, gpu, gpu:N or auto
     * @param readout probe or ridge (default: the preset's)
     * @param checkpoints a folder where the run saves its progress after every Hebbian and probe epoch; when it
     *   already holds this run's progress (same preset, settings, seed and data), the run continues from there, so
     *   a kernel that died or a notebook executed again loses at most one epoch, and a finished run is only
     *   evaluated again. `null`: nothing saved. Another run's progress in the folder is refused, and so is a folder
     *   another process is writing into (an OS lock, `RunFolderLock`, released when that process ends).
     * @param hebbianEpochs override the unsupervised (Hebbian) epochs of every block (the preset's `unsupervised.epochs`)
     */
    @JvmStatic
    @JvmOverloads
    fun train(preset: String, dataset: String? = null, seed: Long = 0, limit: Int = 0, limitTest: Int = 0,
        mode: String? = null, probeEpochs: Int? = null, device: String = "cpu", readout: String? = null,
        checkpoints: String? = null, hebbianEpochs: Int? = null): TrainedRun =
        train(Presets.resolve(preset), dataset, seed, limit, limitTest, mode, probeEpochs, device, readout, checkpoints, hebbianEpochs)

    /**
     * [train] for a preset built in code (e.g. with [hebbianNetwork]). Components a cell wrote as record classes
     * (a rule, a competition) are registered first, under a name derived from the class ([CellComponents]); a rule
     * from [hebbRule] needs nothing.
     */
    @JvmStatic
    @JvmOverloads
    fun train(preset: Preset, dataset: String? = null, seed: Long = 0, limit: Int = 0, limitTest: Int = 0,
        mode: String? = null, probeEpochs: Int? = null, device: String = "cpu", readout: String? = null,
        checkpoints: String? = null, hebbianEpochs: Int? = null): TrainedRun {
        require(checkpoints == null || checkpoints.isNotBlank()) {
            "checkpoints is empty ('$checkpoints'); give a folder, or leave it out (null) to save no progress"
        }
        CellComponents.registerAll(preset).forEach(::println)
        // the run, checked in one place (RunSpec): the same checks and messages as 'hebbkit train'
        val spec = RunSpec.builder().setPreset(preset).optSeed(seed).optDataset(dataset).optLimitTrain(limit)
            .optLimitTest(limitTest).optMode(mode?.let { TrainingMode.parse(it) })
            .optReadout(readout?.let { Preset.Readout.parse(it) }).optProbeEpochs(probeEpochs)
            .optHebbianEpochs(hebbianEpochs).optDevice(device).build()
        val name = DataSplits.canonicalName(spec.dataset())
        val train = DataSplits.load(name, Split.TRAIN, data, false, limit)
        val test = DataSplits.load(name, Split.TEST, data, false, limitTest)
        val given = spec.recipe()
        val recipe = if (dataset != null) Presets.forDataset(given, name, train.channels(), train.height(), train.width()) else given
        val saved = checkpoints?.let { Path.of(it) }
        val continued = saved?.takeIf { RunCheckpoints.exists(it) }?.let { RunCheckpoints.describe(it) }
        val progress = LiveProgress(progressDisplay(), recipe.name())
        progress.start()
        val start = System.nanoTime()
        val chosen = Devices.parse(device)
        val builder = PresetRun.builder().setPreset(recipe).optSeed(seed).optDevice(chosen).optMode(spec.mode())
            .optReadout(spec.readout()).optListener(progress)
        if (saved != null) builder.optCheckpoints(saved)
        // one writer per folder: another kernel or 'hebbkit train' writing there is refused, naming its process id
        val lock = saved?.let { org.hebbkit.model.RunFolderLock.acquire(it) }
        val result = try {
            builder.build().run(DataSplits.adapt(train), DataSplits.adapt(test))
        } finally {
            lock?.close()
        }
        val seconds = (System.nanoTime() - start) / 1e9
        val resumed = continued?.let { " (continued from $saved, saved $it)" } ?: ""
        progress.finish(String.format(Locale.ROOT, "done in %.1f s%s, %s: test accuracy %.2f %%", seconds, resumed,
            Devices.describe(device, chosen), result.testAccuracy() * 100))
        return TrainedRun(recipe, result, train, test, seconds, continued, spec).also { lastRun = it }
    }

    /**
     * Runs a study, as `hebbkit sweep` does: every preset x every combination of the [set] values x every seed, each
     * trial a `hebbkit train` in its own process, [workers] at a time, with live progress over the trials in the
     * cell. The study's folder [out] gets `results.csv`, `summary.csv`, `report.html` and `trials/ID/`; run again, the
     * call skips the complete trials (a different study there is refused).
     *
     * ```kotlin
     * val study = Hebb.sweep(presets = listOf("softhebb-mnist-1layer"), seeds = "0-1", limit = 5000,
     *     set = listOf("blocks.0.learningRate.rate=0.01,0.03"), out = "studies/lr", workers = 2)
     * study.summaries   // mean and std per configuration; study.results: one row per trial
     * ```
     *
     * @param presets preset names or JSON files
     * @param out the study's folder: new, or one holding the same study to resume
     * @param seeds `0,1,2,3`, `0-3` or a mix
     * @param set swept values, `PATH=V1,V2,...` each (paths as `hebbkit presets --json` shows them)
     * @param search `grid` or `random:N`
     * @param halving successive halving over training images, `eta=N[,min=N][,validation=N]` (one preset)
     * @param workers trials at a time
     * @param threads engine threads per trial (0: the cores divided among the workers)
     * @param matmul the kernel of each trial's learning-step products, `auto`, `engine` or `onednn` (`train --matmul`;
     *     null: train's default); part of the study, so two studies that differ only here compare the kernels
     * @param validation score every trial (with [halving]: every rung) on the last N training images, never on the test
     *     set (`sweep --validation N`); 0 for the test set. `hebbkit test-chosen` then tests the choice once
     */
    @JvmStatic
    @JvmOverloads
    fun sweep(presets: List<String>, out: String, seeds: String = "0", set: List<String> = listOf(), search: String = "grid",
        halving: String? = null, dataset: String? = null, limit: Int = 0, limitTest: Int = 0, probeEpochs: Int? = null,
        readout: String? = null, device: String = "cpu", workers: Int = 1, threads: Int = 0, matmul: String? = null,
        validation: Int = 0): StudyReport {
        require(presets.isNotEmpty()) { "a sweep needs at least one preset" }
        require(validation >= 0) { "validation must be at least 0 (0: score on the test set), got $validation" }
        val builder = Study.builder().setSeeds(Study.parseSeeds(seeds)).optSearch(Search.parse(search))
            .optOptions(TrialOptions(dataset?.let { DataSplits.canonicalName(it) }, limit, limitTest, probeEpochs,
                readout?.let { Preset.Readout.parse(it) },
                validation, null, matmul?.let { MatMul.parse(it, "matmul") }))
            .optHalving(halving?.let { Halving.parse(it, if (validation > 0) validation else 5000) })
        presets.forEach { builder.addPreset(Presets.resolve(it)) }
        set.forEach { builder.addParameter(Parameter.parse(it)) }
        return sweep(builder.build(), out, workers, threads, device)
    }

    /** [sweep] for a [Study] built in code. */
    @JvmStatic
    @JvmOverloads
    fun sweep(study: Study, out: String, workers: Int = 1, threads: Int = 0, device: String = "cpu"): StudyReport {
        require(workers >= 1) { "workers must be at least 1, got $workers" }
        require(threads >= 0) { "threads must be at least 0 (0: the cores divided among the workers), got $threads" }
        study.trials() // checks every path and value against every preset before anything runs
        Devices.parse(device)
        val output = Path.of(out)
        val progress = StudyProgress(progressDisplay(), StudyReport.titleOf(output))
        return runStudy(study, output, workers, threads, device, progress).also { lastStudy = it }
    }

    /**
     * Tests, once, the configuration a validation study chose (`hebbkit test-chosen`): the one with the best mean
     * validation accuracy among the final trials of [study] (a folder of `sweep(..., validation = N)`), trained with
     * each of [seeds] on the whole training set (or its first [limit] images) and scored on the test set, as a study
     * of its own in [out] (with `chosen.json` and `preset.json`). Called again, it runs nothing: each seed is tested
     * once.
     *
     * @param study the validation study's folder
     * @param out the test's folder: new, or one holding the same test
     */
    @JvmStatic
    @JvmOverloads
    fun testChosen(study: String, out: String, seeds: String = "0-3", limit: Int = 0, limitTest: Int = 0,
        workers: Int = 1, threads: Int = 0, device: String = "cpu"): StudyReport {
        require(limit >= 0 && limitTest >= 0) { "limit and limitTest must be at least 0 (0 keeps all), got $limit and $limitTest" }
        val chosen = ChosenConfiguration.of(Path.of(study))
        val test = chosen.testStudy(Study.parseSeeds(seeds), limit, limitTest)
        test.trials()
        chosen.writeInto(Path.of(out))
        return sweep(test, out, workers, threads, device)
    }

    /**
     * A study run elsewhere (`hebbkit sweep`, another session, stored records), read back without running anything:
     * its final trials (with halving: the top rung's) as the report [sweep] returns, scored on what the study was.
     *
     * @param folder the study's folder (`study.json`, `trials/` or `rungs/`)
     */
    @JvmStatic
    fun study(folder: String): StudyReport {
        val stored = StoredStudy.read(Path.of(folder))
        return StudyReport(StudyReport.titleOf(Path.of(folder)), stored.results(),
            stored.results().size + stored.unfinished().count { !it.endsWith("(failed)") },
            mapOf("folder" to Path.of(folder).toAbsolutePath().normalize().toString(),
                "scored on" to stored.evaluation()), stored.evaluation())
    }

    /** The local engine with the kernel's class path for the trial processes, the study's events shown as [progress]. */
    private fun runStudy(study: Study, output: Path, workers: Int, threads: Int, device: String,
        progress: StudyProgress): StudyReport {
        val engine = LocalEngine(workers, listOf(), TrialProcess.classPath())
        val sweep = Sweep.builder().setStudy(study).setOutput(output).optEngine(engine).optData(data).optDevice(device)
            .optThreads(LocalEngine.threadsPerTrial(workers, threads)).optCommand("Hebb.sweep(...) in a notebook")
            .optListener(object : SweepListener {
                override fun studyStarted(event: SweepEvents.StudyStarted) =
                    progress.studyStarted(event.trials(), event.complete(), event.engine())

                override fun rungStarted(event: SweepEvents.RungStarted) = progress.rungStarted(event.rung(), event.rungs(),
                    event.configurations(), event.trainImages(), event.evaluation())

                override fun trialStarted(event: SweepEvents.TrialStarted) =
                    progress.trialStarted(event.id(), event.configuration(), event.seed(), event.resumed())

                override fun trialFinished(event: SweepEvents.TrialFinished) =
                    progress.trialFinished(event.result(), event.ended(), event.trials())
            }).build()
        try {
            sweep.run()
        } catch (e: InterruptedException) {
            Thread.currentThread().interrupt()
            throw IllegalStateException("the study was interrupted; run the same call again to continue it", e)
        }
        val report = sweep.report()
        progress.finish(report.headline())
        return report
    }

    /** The study [sweep] finished last. */
    @JvmStatic
    var lastStudy: StudyReport? = null
        private set

    /** The last run's history charts. */
    @JvmStatic
    fun history(): ChartSet = requireRun("history").history()

    /** The last run's filters (layer 1) or receptive fields (layer 2 and up). */
    @JvmStatic
    @JvmOverloads
    fun filters(layer: Int = 1): ImageGrid = requireRun("filters").filters(layer)

    private fun requireRun(what: String): TrainedRun =
        lastRun ?: throw IllegalStateException("no run yet: train one first (Hebb.train(preset = ...) or %hebb train preset=...), then $what")

    /**
     * A model saved by `run.save(directory)` (or `hebbkit train --out`), loaded with its readout; `model.evaluate()`
     * tests it, `model.filters()` shows it. A rule a notebook cell defined ([hebbRule]) must be defined again (run its
     * cell) before loading: the error says so.
     *
     * @param directory the folder holding `model.json` (or a `hebbkit train --out` folder with `model/` inside)
     * @param device cpu, gpu, gpu:N or auto
     */
    @JvmStatic
    @JvmOverloads
    fun load(directory: String, device: String = "cpu"): LoadedModel = Models.load(Path.of(directory), Devices.parse(device))

    /** A network built from a preset (fresh weights), to look at before training; close it when done. */
    @JvmStatic
    @JvmOverloads
    fun network(preset: String, seed: Long = 0): HebbianNetwork =
        HebbianNetwork.create(Presets.resolve(preset), ai.djl.Device.cpu(), seed)

    /** A split of a dataset, shown as a grid of its first images. */
    @JvmStatic
    @JvmOverloads
    fun dataset(name: String, split: String = "train", limit: Int = 0): DatasetView {
        val which = when (split.lowercase(Locale.ROOT)) {
            "train" -> Split.TRAIN
            "test" -> Split.TEST
            else -> throw IllegalArgumentException("Unknown split '$split'. Valid splits: train, test")
        }
        return DatasetView(DataSplits.load(DataSplits.canonicalName(name), which, data, false, limit))
    }

    /** Every preset with its dataset, reference and description. */
    @JvmStatic
    fun presets(): Catalog = Catalog("Presets", listOf("preset", "dataset", "blocks", "reference"),
        Presets.all().values.map { listOf(it.name(), it.dataset(), "${it.blocks().size}", it.reference()) })

    /**
     * Every rule, competition, response, schedule, activation and preprocessing step presets can name: its type in
     * presets, the Kotlin to write in the DSL (`SoftHebbRule()` for the type `softhebb`), formula, parameters and paper;
     * then the rules notebook cells defined with [hebbRule].
     */
    @JvmStatic
    fun rules(): Catalog = Catalog("Rules and components", listOf("kind", "type", "in Kotlin", "formula", "parameters", "paper"),
        Components.all().filter { it.implementation() != NotebookRule::class.java }.map {
            listOf(it.kind().simpleName, it.type(), kotlinCall(it.implementation()), it.formula(),
                it.parameters().joinToString(", ").ifEmpty { "-" }, it.reference())
        } + NotebookRule.defined().map { (name, formula) ->
            listOf("LearningRule", "notebook-rule", "hebbRule(\"$name\") { u, y -> ... }", formula, "-", "a notebook cell")
        })

    /** `Oja()`, `KWinnersTakeAll(k)`: how the DSL builds a component. */
    private fun kotlinCall(type: Class<*>): String =
        type.simpleName + "(" + type.recordComponents.orEmpty().joinToString(", ") { it.name } + ")"

    /** The magics and the plain call each one stands for. */
    @JvmStatic
    fun help(): Catalog = Catalog("%hebb magics (each is one line; the plain Kotlin call does the same)",
        listOf("magic", "plain Kotlin"), HebbMagic.COMMANDS.map { listOf(it.usage, it.plain) })
}

/** A table of names and descriptions (presets, rules, help). */
class Catalog(val title: String, val header: List<String>, val rows: List<List<String>>) : Renderable {
    override fun html(): String = Html.table(header, rows, title)
    override fun text(): String = "$title\n" + Html.textTable(header, rows)
    override fun toString(): String = text()
}
