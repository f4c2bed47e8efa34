package org.hebbkit.notebook

import org.hebbkit.report.Charts
import org.hebbkit.report.NetworkView
import org.hebbkit.report.RunReport
import org.hebbkit.report.UnitGrids
import ai.djl.Device
import java.nio.file.Files
import java.nio.file.Path
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue
import org.hebbkit.model.HebbianNetwork
import org.hebbkit.model.Presets
import org.hebbkit.model.Provenance
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/** The run report's page checked for real content: headline, tables' cells, charts, pictures, self-containment. */
class RunReportTest {

    @TempDir
    lateinit var temp: Path

    /** A report of made-up values around a real (untrained) two-layer conv network, with its pictures. */
    private fun report(pictures: Boolean = true, description: String = "two conv layers"): RunReport {
        val history = sampleHistory()
        HebbianNetwork.create(Presets.get("softhebb-cifar10-2layer"), Device.cpu(), 0).use { network ->
            return RunReport("softhebb-cifar10-2layer", description, "Journe et al. 2023", 0.7525, 0.8125, 272.4,
                linkedMapOf("dataset" to "cifar-10", "training images" to "50,000", "seed" to "0"),
                history.stages().values.toList(), history.epochs()[2].layers(), Charts.all(history), NetworkView(network).table(),
                if (pictures) UnitGrids.of(network).all else listOf(),
                RunReport.provenance(Provenance.current(network.manager().engine), "hebbkit train --preset softhebb-cifar10-2layer"))
        }
    }

    @Test
    fun `the page has the headline, every chart, every table and both pictures`() {
        val html = report().html()
        assertTrue(html.startsWith("<!DOCTYPE html>"), html.take(100))
        assertTrue(html.contains("<title>softhebb-cifar10-2layer: test accuracy 75.25 % - HebbKit run report</title>"), html.take(300))
        for (headline in listOf("75.25 %" to "test accuracy", "81.25 %" to "train accuracy", "4 min 32 s" to "wall time")) {
            assertTrue(html.contains("<span class=\"value\">${headline.first}</span><span class=\"label\">${headline.second}</span>"),
                "headline $headline")
        }
        for (heading in listOf("Run", "History", "Layers", "Filters and receptive fields", "Provenance")) {
            assertTrue(html.contains("<h2>$heading</h2>"), "section $heading")
        }

        val titles = Charts.all(sampleHistory()).charts.map { it.title }
        assertEquals(7, titles.size)
        assertEquals(7, Regex("<svg").findAll(html).count(), "one inline SVG per chart")
        titles.forEach { assertTrue(html.contains("<figure class=\"hebbkit-chart\" title=\"$it\">"), "chart $it") }

        val cells = cells(html)
        assertTrue(listOf("1", "8.333", "60.0 %", "30.0 %", "0.0100", "1.40") in cells, "layer 1 after epoch 3: $cells")
        assertTrue(listOf("2", "6.667", "30.0 %", "15.0 %", "0.0200", "0.50") in cells, "layer 2 after epoch 3: $cells")
        assertTrue(listOf("hebbian all blocks (simultaneous)", "12.50", "4,000", "320") in cells, "stage timings: $cells")
        assertTrue(listOf("probe", "0.25", "8,000", "32,000") in cells, "stage timings: $cells")
        assertTrue(cells.any { it.take(2) == listOf("1", "conv 96 x 5x5, batch norm") }, "network table: $cells")
        assertTrue(cells.any { it.take(2) == listOf("2", "conv 384 x 3x3, batch norm") }, "network table: $cells")

        val facts = Regex("<tr><th>([^<]*)</th><td>([^<]*)</td></tr>").findAll(html).associate { it.groupValues[1] to it.groupValues[2] }
        assertEquals("cifar-10", facts["dataset"])
        assertEquals("50,000", facts["training images"])
        assertEquals("hebbkit train --preset softhebb-cifar10-2layer", facts["command"])
        assertTrue(facts.getValue("engine").startsWith("PyTorch"), facts.toString())
        assertTrue(facts.getValue("float sums").endsWith("; matmul ${org.hebbkit.engine.MatMul.describe()}"), facts.toString())

        val images = Regex("<img alt=\"([^\"]*)\"[^>]* src=\"data:image/png;base64,").findAll(html).map { it.groupValues[1] }.toList()
        assertEquals(listOf("Layer 1 filters", "Layer 2 receptive fields"), images)
    }

    @Test
    fun `the page is self-contained and escapes what it is given`() {
        val html = report(description = "a <b> & \"c\"").html()
        assertFalse(html.contains("<script", ignoreCase = true), "no script")
        val external = Regex("""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", RegexOption.IGNORE_CASE).findAll(html)
            .map { it.value }.toList()
        assertEquals(listOf(), external, "nothing fetched from elsewhere")
        assertFalse(Regex("""url\(\s*["']?(?:https?:)?//""").containsMatchIn(html), "no external CSS url()")
        assertTrue(html.contains("<p class=\"description\">a &lt;b&gt; &amp; &quot;c&quot;</p>"), html.take(600))
    }

    @Test
    fun `without pictures the section says so, and the text form has the headline and layers`() {
        val report = report(pictures = false)
        assertTrue(report.html().contains("<p>(no pictures of this network's units)</p>"))
        assertFalse(report.html().contains("<img"))
        val lines = report.text().lines()
        assertEquals("softhebb-cifar10-2layer: test accuracy 75.25 %, train accuracy 81.25 %, wall time 4 min 32 s", lines[0])
        assertTrue(lines[1].startsWith("layer  mean radius"), lines[1])
    }

    @Test
    fun `write puts the page in the file, creating its directory`() {
        val report = report(pictures = false)
        val target = temp.resolve("run/report.html")
        report.write(target)
        assertEquals(report.html(), Files.readString(target))
        assertEquals(listOf("report.html"), Files.list(target.parent).use { files -> files.map { it.fileName.toString() }.toList() },
            "no temporary file left beside it")
    }

    @Test
    fun `durations read as seconds, minutes or hours`() {
        assertEquals("9.5 s", RunReport.duration(9.46))
        assertEquals("4 min 05 s", RunReport.duration(245.9))
        assertEquals("2 h 03 min", RunReport.duration(2 * 3600 + 3 * 60 + 59.0))
    }

    /** The text of every row of `<td>` cells (header rows have none). */
    private fun cells(html: String): List<List<String>> = Regex("<tr>(.*?)</tr>").findAll(html).map { row ->
        Regex("<td[^>]*>([^<]*)</td>").findAll(row.groupValues[1]).map { it.groupValues[1] }.toList()
    }.filter { it.isNotEmpty() }.toList()
}
