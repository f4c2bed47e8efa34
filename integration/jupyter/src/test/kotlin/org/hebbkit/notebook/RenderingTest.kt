package org.hebbkit.notebook

import org.hebbkit.report.Html
import org.hebbkit.report.LayerMetric
import org.hebbkit.report.Charts
import org.hebbkit.report.Export
import org.hebbkit.report.NetworkView
import ai.djl.Device
import ai.djl.ndarray.NDManager
import ai.djl.ndarray.types.Shape
import java.io.ByteArrayInputStream
import javax.imageio.ImageIO
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.hebbkit.model.HebbianNetwork
import org.hebbkit.model.Presets
import org.hebbkit.train.HistoryRecorder
import org.junit.jupiter.api.Test

/** Charts, exports and views checked for real content: titles, axis labels, sizes, table cells. */
class RenderingTest {

    @Test
    fun `history charts are self-contained svg with titles and axis labels`() {
        val charts = Charts.all(sampleHistory()).charts
        assertEquals(listOf("Readout accuracy per epoch", "Readout loss per epoch", "Mean weight radius per Hebbian epoch",
            "Fraction of neurons at radius 1 per Hebbian epoch", "Unit convergence per Hebbian epoch",
            "Mean learning rate per Hebbian epoch", "Win entropy (bits) per Hebbian epoch"), charts.map { it.title })
        val accuracy = charts[0].svg
        assertTrue(accuracy.startsWith("<svg"), accuracy.take(100))
        val texts = texts(accuracy)
        for (text in listOf("Readout accuracy per epoch", "accuracy (%)", "epoch", "train", "test")) {
            assertTrue(text in texts, "the SVG shows '$text': $texts")
        }
        assertTrue(texts.containsAll(listOf("1", "2", "3", "4")) && "1.5" !in texts, "whole epochs on the x axis: $texts")
        assertTrue(!accuracy.contains("<script"), "no script: the chart shows offline")
        assertTrue("layer 2" in texts(charts[2].svg), "one line per layer")
    }

    /** The text of every `<text>` element of an SVG, trimmed. */
    private fun texts(svg: String): Set<String> =
        Regex("<text[^>]*>\\s*([^<]*?)\\s*</text>").findAll(svg).map { it.groupValues[1] }.toSet()

    @Test
    fun `png export has the svg's size and real pixels`() {
        val chart = Charts.accuracy(sampleHistory())!!
        val png = Export.png(chart.svg)
        val image = ImageIO.read(ByteArrayInputStream(png))
        assertEquals(560, image.width)
        assertEquals(300, image.height)
        val colours = HashSet<Int>()
        for (y in 0 until image.height step 3) for (x in 0 until image.width step 3) colours += image.getRGB(x, y)
        assertTrue(colours.size > 20, "a drawn chart, not a blank page: ${colours.size} colours")
        val sharp = ImageIO.read(ByteArrayInputStream(Export.png(chart.svg, scale = 2.0)))
        assertEquals(1120, sharp.width)
    }

    @Test
    fun `an all-zero metric is drawn from 0 up, fractions from 0 to 1, and tables are left-aligned`() {
        val history = HistoryRecorder()
        for (epoch in 1..2) {
            history.epochFinished(org.hebbkit.train.TrainingEvents.EpochFinished("hebbian block 1", epoch, mapOf(),
                listOf(org.hebbkit.train.LayerMetrics(0, 5.0, 1.0, 0.0, 0.0, 2.0, 0.0, doubleArrayOf(0.5, 0.5), 1.0))))
        }
        for (metric in listOf(LayerMetric.CONVERGED, LayerMetric.LEARNING_RATE)) {
            val labels = texts(Charts.layers(history, metric)!!.svg)
            assertTrue(("0" in labels || "0.0" in labels) && labels.none { it.startsWith("-") }, "$metric: an axis from 0 up: $labels")
        }
        val table = Html.table(listOf("preset", "dataset"), listOf(listOf("softhebb-cifar10-3layer-hardwta", "cifar-10")))
        assertTrue(table.contains("<td style=\"text-align: left; vertical-align: top; padding: 2px 8px; border-bottom: 1px solid #eee; " +
            "white-space: nowrap\">softhebb-cifar10-3layer-hardwta</td>"), table)
    }

    @Test
    fun `a stage that did no work shows no speed`() {
        val progress = LiveProgress(ProgressDisplay.NONE, "p")
        progress.stageFinished(org.hebbkit.train.TrainingEvents.StageFinished("probe", 0.0, 10000))
        val html = progress.view().html()
        assertTrue(html.contains("done: probe: 0.0 s<") && !html.contains("img/s)"), html)
    }

    @Test
    fun `an empty history says so instead of drawing empty charts`() {
        val set = Charts.all(HistoryRecorder())
        assertTrue(set.charts.isEmpty())
        assertEquals("no charts (no epochs recorded yet)", set.toString())
    }

    @Test
    fun `network view lists every block with shapes, components and weight counts`() {
        HebbianNetwork.create(Presets.get("softhebb-cifar10-3layer"), Device.cpu(), 0).use { network ->
            val rows = NetworkView(network).rows()
            assertEquals(listOf("1", "conv 96 x 5x5, batch norm", "3 x 32 x 32", "96 x 16 x 16", "softhebb",
                "soft-krotov(temperatureInverse=1.0)", "norm-adaptive(rate=0.08, power=0.5)", "triangle(power=0.7)",
                "max 4/2/1", "7,200"), rows[0])
            assertEquals("1536 x 4 x 4", rows[2][3])
            assertEquals("5,308,416", rows[2][9])
            val html = NetworkView(network).html()
            assertTrue(html.contains("24576 features"), html.take(300))
        }
    }

    @Test
    fun `multik arrays round trip with their shape`() {
        NDManager.newBaseManager().use { manager ->
            val array = manager.arange(24f).reshape(2, 3, 4)
            val multik = array.toMultik()
            assertContentEquals(intArrayOf(2, 3, 4), multik.shape)
            val back = multik.toDjl(manager)
            assertEquals(Shape(2, 3, 4), back.shape)
            assertContentEquals(array.toFloatArray(), back.toFloatArray())
        }
    }

    @Test
    fun `the dsl builds the blocks a preset file writes`() {
        val preset = hebbianNetwork(name = "dsl-1layer") {
            conv(96, kernel = 5, padding = 2)
        }
        assertEquals(Presets.get("softhebb-cifar10-1layer").blocks(), preset.blocks())
        assertEquals(Presets.get("softhebb-cifar10-1layer").probe(), preset.probe())
    }
}
