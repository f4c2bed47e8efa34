package org.hebbkit.report

import java.io.IOException
import java.nio.file.Path
import java.util.Locale
import org.hebbkit.model.Preset
import org.hebbkit.model.Provenance
import org.hebbkit.train.LayerMetrics
import org.hebbkit.train.PresetRun
import org.hebbkit.train.RunSpec
import org.hebbkit.train.TrainingEvents

/**
 * A training run as one self-contained HTML page: the accuracies and wall time, the run's settings and stage
 * timings, the history charts, the per-layer metrics and the network's blocks, the first layer's filters and
 * every conv layer's receptive fields, and the provenance. `hebbkit train` writes it as `OUT/report.html`; in
 * a notebook [TrainedRun.report] makes it. Nothing is fetched: the charts are inline SVG, the pictures inline
 * PNG, and there is no script, so the page shows offline and can be mailed or archived as one file.
 *
 * Made from plain values, so it outlives the network ([of] reads them from a finished [PresetRun.Result]).
 *
 * ```kotlin
 * RunReport.of(preset, result, seconds, settings, UnitGrids.of(result.network()).all, provenance)
 *     .write(Path.of("runs/mine/report.html"))
 * ```
 */
class RunReport(
    /** The preset's name: the page's heading. */
    val name: String,
    /** The preset's one-line description. */
    val description: String,
    /** The preset's reference (the paper and the accuracy it reports), or empty. */
    val reference: String,
    /** Accuracy on the test images, in [0, 1]. */
    val testAccuracy: Double,
    /** Accuracy on the training images, in [0, 1]. */
    val trainAccuracy: Double,
    /** Wall time of the run, seconds. */
    val seconds: Double,
    /** The run's settings (dataset, images, seed, mode, ...), shown in iteration order. */
    val settings: Map<String, String>,
    /** Every finished stage with its wall time and image count, in order. */
    val stages: List<TrainingEvents.StageFinished>,
    /** Metrics of each layer after training. */
    val layers: List<LayerMetrics>,
    /** The history charts ([Charts.all]). */
    val charts: ChartSet,
    /** The network's blocks ([NetworkView.table]), or `null` to leave them out. */
    val network: Table?,
    /** Pictures of the units ([UnitGrids.all]): layer 1's filters, the receptive fields of conv layers 2 and up. */
    val pictures: List<ImageGrid>,
    /** Where and how the run was made (command, versions, machine), shown in iteration order ([provenance]). */
    val provenance: Map<String, String>,
) {

    /** The whole page: `<!DOCTYPE html>` to `</html>`. */
    fun html(): String = Html.page("$name: test accuracy ${percent(testAccuracy)} - HebbKit run report", body(), STYLE)

    /** Writes the page atomically (UTF-8). */
    @Throws(IOException::class)
    fun write(target: Path) = Export.write(target, html())

    /** The headline and the layer table as plain text. */
    fun text(): String = "$name: test accuracy ${percent(testAccuracy)}, train accuracy ${percent(trainAccuracy)}, " +
        "wall time ${duration(seconds)}\n" + LayerMetricsView(layers).text()

    override fun toString(): String = text()

    private fun body(): String = buildString {
        append("<header><h1>${Html.escape(name)}</h1>")
        if (description.isNotEmpty()) append("<p class=\"description\">${Html.escape(description)}</p>")
        if (reference.isNotEmpty()) append("<p class=\"reference\">Reference: ${Html.escape(reference)}</p>")
        append("<div class=\"headline\">")
        append(headline(percent(testAccuracy), "test accuracy"))
        append(headline(percent(trainAccuracy), "train accuracy"))
        append(headline(duration(seconds), "wall time"))
        append("</div><nav>")
        SECTIONS.forEach { (id, title) -> append("<a href=\"#$id\">${Html.escape(title)}</a>") }
        append("</nav></header>\n")

        section("run") {
            append("<div class=\"row\">")
            append(facts(settings, "Settings"))
            append(stageTable().html())
            append("</div>")
        }
        section("history") { append("<div class=\"charts\">${charts.html()}</div>") }
        section("layers") {
            append("<div class=\"scroll\">${LayerMetricsView(layers).html()}</div>")
            network?.let { append("<div class=\"scroll network\">${it.html()}</div>") }
        }
        section("units") {
            if (pictures.isEmpty()) {
                append("<p>(no pictures of this network's units)</p>")
            }
            pictures.forEach { append("<div class=\"scroll\">${it.html()}</div>") }
        }
        section("provenance") { append(facts(provenance, null)) }
    }

    private fun StringBuilder.section(id: String, content: StringBuilder.() -> Unit) {
        append("<section id=\"$id\"><h2>${Html.escape(SECTIONS.getValue(id))}</h2>\n")
        content()
        append("</section>\n")
    }

    private fun headline(value: String, label: String) =
        "<div><span class=\"value\">${Html.escape(value)}</span><span class=\"label\">${Html.escape(label)}</span></div>"

    /** The stage timings: seconds, images and throughput per stage. */
    fun stageTable(): Table = Table(listOf("stage", "seconds", "images", "images/s"), stages.map {
        listOf(it.stage(), String.format(Locale.ROOT, "%.2f", it.seconds()), String.format(Locale.ROOT, "%,d", it.images()),
            String.format(Locale.ROOT, "%,.0f", it.imagesPerSecond()))
    }, "Stage timings")

    companion object {

        /** The page's sections: anchor to heading, in order. */
        private val SECTIONS = linkedMapOf("run" to "Run", "history" to "History", "layers" to "Layers",
            "units" to "Filters and receptive fields", "provenance" to "Provenance")

        private val STYLE = """
            body { max-width: 1160px; color: #222; line-height: 1.4 }
            h1 { margin: 0 0 4px 0 }
            h2 { border-bottom: 2px solid #e3e7ee; padding-bottom: 4px }
            .description { margin: 0; color: #444 }
            .reference { margin: 4px 0 0 0; color: #666; font-size: 13px }
            .headline { display: flex; gap: 16px; margin: 18px 0 12px 0 }
            .headline div { border: 1px solid #d8dee8; border-radius: 6px; padding: 10px 20px; background: #f5f8fc }
            .headline .value { display: block; font-size: 26px; font-weight: bold }
            .headline .label { color: #555; font-size: 13px }
            nav a { margin-right: 16px; color: #2a5db0 }
            .row { display: flex; flex-wrap: wrap; gap: 40px; align-items: flex-start }
            .charts { display: flex; flex-wrap: wrap; gap: 8px }
            .charts figure { margin: 0; box-shadow: 0 0 0 1px #e6e6e6 }
            .scroll { overflow-x: auto; margin-bottom: 16px }
            .network td { white-space: nowrap }
            .network td:nth-child(6), .network td:nth-child(7) { white-space: normal }
            img { max-width: 100%; height: auto }
            table.facts { border-collapse: collapse; font-size: 13px }
            table.facts caption { text-align: left; font-weight: bold; padding: 4px 0 }
            table.facts th { text-align: left; font-weight: normal; color: #555; padding: 2px 16px 2px 0; vertical-align: top }
            table.facts td { padding: 2px 0; overflow-wrap: anywhere }
        """.trimIndent().replace("\n", " ")

        /**
         * The report of a finished run: the name, description and reference of [preset]; accuracies, stage
         * timings, layer metrics, charts and network table read from [result] (its network must be open).
         *
         * @param seconds wall time of the run
         * @param settings the run's settings as shown, in order
         * @param pictures the unit pictures ([UnitGrids.all]); empty to leave them out
         * @param provenance where and how the run was made ([provenance]), in order
         */
        @JvmStatic
        fun of(preset: Preset, result: PresetRun.Result, seconds: Double, settings: Map<String, String>,
            pictures: List<ImageGrid>, provenance: Map<String, String>): RunReport =
            RunReport(preset.name(), preset.description(), preset.reference(), result.testAccuracy(),
                result.trainAccuracy(), seconds, settings, result.history().stages().values.toList(), result.layers(),
                Charts.all(result.history()), NetworkView(result.network()).table(), pictures, provenance)

        /**
         * A run's settings as every report shows them, in order, read from its [RunSpec] (the one description `train`,
         * `Hebb.train` and a study's trials share): dataset, images, seed, mode, readout, what it is scored on, device,
         * threads. Front ends append what only they know (how long loading took, peak memory).
         *
         * @param dataset the dataset's canonical name
         * @param trainImages the training images the run read
         * @param testImages the images it was scored on
         */
        @JvmStatic
        fun settings(spec: RunSpec, dataset: String, trainImages: Int, testImages: Int): LinkedHashMap<String, String> =
            linkedMapOf(
                "dataset" to dataset,
                "training images" to String.format(Locale.ROOT, "%,d", trainImages),
                (if (spec.validates()) "validation images" else "test images") to String.format(Locale.ROOT, "%,d", testImages),
                "seed" to spec.seed().toString(),
                "training" to RunSpec.lower(spec.preset().training()),
                "mode" to RunSpec.lower(spec.mode()),
                "readout" to RunSpec.lower(spec.readout()),
                "scored on" to spec.evaluatedOn(),
                "device" to spec.compute().device(),
                "threads" to if (spec.compute().threads() == 0) "one per core" else spec.compute().threads().toString(),
            )

        /**
         * Provenance as shown: the command (when given), then HebbKit, DJL, engine and Java versions, the
         * machine's operating system, CPU, cores and memory, and what decides the order of its float sums.
         */
        @JvmStatic
        fun provenance(provenance: Provenance, command: String?): Map<String, String> {
            val facts = LinkedHashMap<String, String>()
            command?.let { facts["command"] = it }
            val versions = provenance.versions()
            val machine = provenance.machine()
            facts["HebbKit"] = versions.hebbkit()
            facts["DJL"] = versions.djl()
            facts["engine"] = versions.engine()
            facts["Java"] = versions.java()
            facts["operating system"] = "${machine.os()} (${machine.arch()})"
            facts["CPU"] = "${machine.cpu()}, ${machine.cores()} cores available"
            facts["memory"] = if (machine.memoryBytes() < 0) "unknown" else
                String.format(Locale.ROOT, "%.1f GiB", machine.memoryBytes() / (1024.0 * 1024 * 1024))
            val numerics = provenance.numerics()
            facts["float sums"] = "${numerics.cpuId()}; ${numerics.instructionSets().joinToString(" ").ifEmpty { "instruction sets unknown" }};" +
                " ${numerics.engineThreads()} engine thread${if (numerics.engineThreads() == 1) "" else "s"}; matmul ${numerics.matmul()}"
            return facts
        }

        /** A table of labelled values (the labels in a first column of headers). */
        private fun facts(facts: Map<String, String>, caption: String?): String = buildString {
            append("<table class=\"facts\">")
            caption?.let { append("<caption>${Html.escape(it)}</caption>") }
            facts.forEach { (label, value) -> append("<tr><th>${Html.escape(label)}</th><td>${Html.escape(value)}</td></tr>") }
            append("</table>")
        }

        private fun percent(fraction: Double) = String.format(Locale.ROOT, "%.2f %%", fraction * 100)

        /** `12.3 s`, `4 min 05 s`, `2 h 03 min`. */
        fun duration(seconds: Double): String = when {
            seconds < 60 -> String.format(Locale.ROOT, "%.1f s", seconds)
            seconds < 3600 -> String.format(Locale.ROOT, "%d min %02d s", (seconds / 60).toInt(), (seconds % 60).toInt())
            else -> String.format(Locale.ROOT, "%d h %02d min", (seconds / 3600).toInt(), (seconds % 3600 / 60).toInt())
        }
    }
}
