package org.hebbkit.report

import java.io.IOException
import java.nio.file.Path
import java.util.Locale
import org.hebbkit.study.ConfigurationSummary
import org.hebbkit.study.Parameter
import org.hebbkit.study.TrialResult
import org.jetbrains.letsPlot.coord.coordFlip
import org.jetbrains.letsPlot.geom.geomErrorBar
import org.jetbrains.letsPlot.geom.geomPoint
import org.jetbrains.letsPlot.ggsize
import org.jetbrains.letsPlot.label.ggtitle
import org.jetbrains.letsPlot.label.labs
import org.jetbrains.letsPlot.letsPlot
import org.jetbrains.letsPlot.scale.scaleXDiscrete

/**
 * A study (`hebbkit sweep`) as one self-contained HTML page, like [RunReport]: how many trials ended and how, the
 * accuracy of every configuration as mean and standard deviation over its seeds (a chart with error bars and a
 * table), each swept parameter against the accuracy of every trial, the table of trials and the study's facts
 * (command, engine, machine). Inline SVG, no script: it shows offline.
 *
 * Made from plain values ([TrialResult]s), so it can be drawn again from a study's `trials/ID/trial.json` files.
 *
 * @property title the page's heading
 * @property results every trial that has ended, in study order
 * @property planned how many trials the study has in all (ended or not)
 * @property facts the study's settings and provenance, shown in iteration order
 * @property evaluation what the accuracies were measured on: `test`, or `validation` (a lower rung of successive
 *   halving); it names the accuracy throughout the page
 */
class StudyReport @JvmOverloads constructor(
    val title: String,
    val results: List<TrialResult>,
    val planned: Int,
    val facts: Map<String, String>,
    val evaluation: String = "test",
) : Renderable {

    /** One summary per configuration ([ConfigurationSummary.of]). */
    val summaries: List<ConfigurationSummary> = ConfigurationSummary.of(results)

    /** The whole page. */
    fun html(standalone: Boolean): String = if (standalone) Html.page("$title - HebbKit study", body(), STYLE) else body()

    override fun html(): String = html(false)

    /** Writes the page atomically (UTF-8). */
    @Throws(IOException::class)
    fun write(target: Path) = Export.write(target, html(true))

    override fun text(): String = headline() + "\n" + summaryTable().text()

    override fun toString(): String = text()

    /** `4 of 8 trials complete, 1 failed; best: P x=1, 97.12 +- 0.10 % test accuracy over 2 seeds`. */
    fun headline(): String {
        val complete = results.count { it.complete() }
        val failed = results.size - complete
        val best = summaries.filter { !it.meanTestAccuracy().isNaN() }.maxByOrNull { it.meanTestAccuracy() }
        return "$complete of $planned trials complete" + (if (failed > 0) ", $failed failed" else "") +
            (best?.let { "; best: ${it.configuration()}, ${meanStd(it)} $evaluation accuracy over ${it.seeds()} seed" +
                (if (it.seeds() == 1) "" else "s") } ?: "")
    }

    /** Mean and standard deviation of the test accuracy per configuration. */
    fun summaryTable(): Table = Table(listOf("#", "configuration", "$evaluation accuracy", "seeds", "failed"), summaries.mapIndexed { i, it ->
        listOf("#${i + 1}", it.configuration(), meanStd(it), it.seeds().toString(), it.failed().toString())
    }, "Configurations (mean +- standard deviation over seeds)")

    /** Every ended trial. */
    fun trialTable(): Table = Table(listOf("trial", "configuration", "seed", "status", "$evaluation %", "train %", "wall time",
        "peak memory"), results.map {
        listOf(it.id(), it.configuration(), it.seed().toString(),
            if (it.complete()) "complete" else "failed: ${it.message()}",
            percent(it.testAccuracy()), percent(it.trainAccuracy()), RunReport.duration(it.wallSeconds()),
            if (it.peakResidentBytes() < 0) "" else String.format(Locale.ROOT, "%.2f GB", it.peakResidentBytes() / 1e9))
    }, "Trials")

    /** The charts: accuracy per configuration, then one per swept parameter. Empty before any trial completed. */
    fun charts(): ChartSet {
        val complete = results.filter { it.complete() }
        if (complete.isEmpty()) return ChartSet(emptyList())
        val charts = mutableListOf(configurationChart())
        val paths = complete.flatMap { result -> result.settings().map { it.path() } }.distinct()
        paths.forEach { charts += parameterChart(it, complete) }
        return ChartSet(charts)
    }

    /**
     * Mean and standard deviation per configuration, with every trial as a small point. Configurations are numbered
     * on the axis as in [summaryTable] (`#1`, `#2`, ...; Lets-Plot cuts long axis labels) and coloured by preset.
     */
    private fun configurationChart(): Chart {
        val numbered = summaries.mapIndexed { i, summary -> "#${i + 1}" to summary }.filter { it.second.seeds() > 0 }
        val labels = numbered.map { it.first }
        val mean = numbered.map { it.second.meanTestAccuracy() * 100 }
        val std = numbered.map { if (it.second.stdTestAccuracy().isNaN()) 0.0 else it.second.stdTestAccuracy() * 100 }
        val data = mapOf("configuration" to labels, "$evaluation accuracy (%)" to mean, "preset" to numbered.map { it.second.presetName() },
            "low" to mean.zip(std) { m, s -> m - s }, "high" to mean.zip(std) { m, s -> m + s })
        val number = summaries.mapIndexed { i, summary -> summary.configuration() to "#${i + 1}" }.toMap()
        val points = results.filter { it.complete() }
        val trialData = mapOf("configuration" to points.map { number.getValue(it.configuration()) },
            "$evaluation accuracy (%)" to points.map { it.testAccuracy() * 100 })
        val title = "${evaluation.replaceFirstChar { it.uppercase() }} accuracy per configuration (mean +- std over seeds; dots: trials)"
        val height = (120 + 34 * labels.size).coerceIn(220, 900)
        return Chart(title, letsPlot(data) +
            geomErrorBar(width = 0.3) { x = "configuration"; ymin = "low"; ymax = "high" } +
            geomPoint(data = trialData, size = 2.5, color = "#888888", alpha = 0.9) { x = "configuration"; y = "$evaluation accuracy (%)" } +
            geomPoint(size = 4.5) { x = "configuration"; y = "$evaluation accuracy (%)"; color = "preset" } +
            scaleXDiscrete(reverse = true) + coordFlip() + ggtitle(title) +
            labs(x = "configuration (table below)", y = "$evaluation accuracy (%)") + ggsize(760, height))
    }

    private fun parameterChart(path: String, complete: List<TrialResult>): Chart {
        val rows = complete.mapNotNull { result -> result.settings().firstOrNull { it.path() == path }?.let { result to it } }
        val data = mapOf(path to rows.map { Parameter.text(it.second.value()) },
            "$evaluation accuracy (%)" to rows.map { it.first.testAccuracy() * 100 },
            "preset" to rows.map { it.first.presetName() })
        val title = "$path against $evaluation accuracy (each trial)"
        return Chart(title, letsPlot(data) +
            geomPoint(size = 3.0, alpha = 0.8) { x = path; y = "$evaluation accuracy (%)"; color = "preset" } +
            ggtitle(title) + labs(x = path, y = "$evaluation accuracy (%)") + ggsize(560, 300))
    }

    private fun body(): String = buildString {
        append("<header><h1>${Html.escape(title)}</h1><p class=\"headline\">${Html.escape(headline())}</p></header>\n")
        append("<section id=\"configurations\"><h2>Configurations</h2><div class=\"charts\">${charts().html()}</div>")
        append("<div class=\"scroll\">${summaryTable().html()}</div></section>\n")
        append("<section id=\"trials\"><h2>Trials</h2><div class=\"scroll\">${trialTable().html()}</div></section>\n")
        append("<section id=\"study\"><h2>Study</h2><table class=\"facts\">")
        facts.forEach { (label, value) -> append("<tr><th>${Html.escape(label)}</th><td>${Html.escape(value)}</td></tr>") }
        append("</table></section>\n")
    }

    companion object {
        /** The title of the study in [folder]: `Study NAME`, NAME the folder's own name. */
        @JvmStatic
        fun titleOf(folder: Path): String = "Study " + folder.toAbsolutePath().normalize().fileName

        private val STYLE = """
            body { max-width: 1160px; color: #222; line-height: 1.4 }
            .headline { font-size: 18px; font-weight: bold }
            h2 { border-bottom: 2px solid #e3e7ee; padding-bottom: 4px }
            .charts { display: flex; flex-wrap: wrap; gap: 8px }
            .scroll { overflow-x: auto; margin-bottom: 16px }
            table.facts { border-collapse: collapse; font-size: 13px }
            table.facts th { text-align: left; font-weight: normal; color: #555; padding: 2px 16px 2px 0; vertical-align: top }
            table.facts td { padding: 2px 0; overflow-wrap: anywhere }
        """.trimIndent().replace("\n", " ")

        private fun percent(fraction: Double) = if (fraction.isNaN()) "" else String.format(Locale.ROOT, "%.2f", fraction * 100)

        private fun meanStd(summary: ConfigurationSummary): String = when {
            summary.meanTestAccuracy().isNaN() -> "(none complete)"
            summary.stdTestAccuracy().isNaN() -> String.format(Locale.ROOT, "%.2f %%", summary.meanTestAccuracy() * 100)
            else -> String.format(Locale.ROOT, "%.2f +- %.2f %%", summary.meanTestAccuracy() * 100,
                summary.stdTestAccuracy() * 100)
        }
    }
}
