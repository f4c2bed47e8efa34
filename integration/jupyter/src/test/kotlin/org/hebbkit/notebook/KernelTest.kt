package org.hebbkit.notebook

import org.hebbkit.report.Charts
import org.hebbkit.report.Export
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test

/**
 * The integration in the real kernel (kotlin-jupyter-kernel 0.11.0-398, which `./hebbkit kernel install` sets
 * up), driven the way Jupyter drives it: a notebook executed headless by `jupyter nbconvert --execute`, its
 * outputs read back. Checks each renderer's output types and content, the magics' rewrites and errors, and
 * that the live progress display is one output updated in place (its final state saved), not appended.
 *
 * Needs Jupyter (Debian's jupyter-nbconvert), the `hebbkit-kotlin` kernelspec and HebbKit in the local Maven
 * repository (`./hebbkit kernel install` does both), and MNIST; skipped with the fix when they are missing,
 * failed when `CI=true`.
 */
class KernelTest : ExecutedNotebookTest("the kernel test") {

    private val version = KernelNotebook.version

    override val sources = listOf(
        "@file:DependsOn(\"org.hebbkit:hebbkit-jupyter:$version\")",
        "Hebb.presets()",
        "%hebb rules",
        "Hebb.network(\"softhebb-cifar10-3layer\")",
        "val run = Hebb.train(preset = \"softhebb-mnist-1layer\", limit = 300, limitTest = 100, probeEpochs = 2)\nrun",
        "%hebb filters layer=1",
        "%hebb history",
        "%hebb trian preset=x",
        "hebbianNetwork(dataset = \"mnist\", input = listOf(1, 28, 28)) { conv(8, kernel = 5, padding = 2) { pooling = maxPool(4, 2, 1) } }.blocks().size",
        "Export.svg(Charts.accuracy(run.result.history())!!.figure).startsWith(\"<svg\")",
    )

    @Test
    fun `tables render as html with a text form`() {
        val presets = result(1)
        assertTrue(presets.text("text/html").contains("<table"), "presets: html table")
        assertTrue(presets.text("text/plain").contains("softhebb-cifar10-3layer"), "presets: text form")
        assertTrue(result(2).text("text/html").contains("adaptive-thresholds"), "%hebb rules lists the competitions")
        val network = result(3).text("text/html")
        assertTrue(network.contains("conv 1536 x 3x3") && network.contains("24576 features"), network.take(500))
    }

    @Test
    fun `training shows one progress display updated to its final state, then the run`() {
        val displays = outputs(4).filter { it["output_type"].asString == "display_data" }
        assertEquals(1, displays.size, "one display, updated in place: ${outputs(4)}")
        val progress = displays[0].getAsJsonObject("data").text("text/plain")
        assertTrue(progress.startsWith("softhebb-mnist-1layer: done in") && progress.contains(", device cpu: test accuracy"),
            "the display holds the final state: $progress")
        val run = result(4)
        assertTrue(run.text("text/html").contains("<svg"), "the run shows its charts inline")
        assertTrue(run.text("text/plain").startsWith("softhebb-mnist-1layer: test accuracy"), run.text("text/plain"))
    }

    @Test
    fun `magics render filters and history and report unknown sub-commands`() {
        assertTrue(result(5).text("text/html").contains("data:image/png;base64,"), "filters are an inline PNG")
        assertTrue(result(6).text("text/html").contains("Readout accuracy per epoch"), "history charts")
        val error = outputs(7).joinToString { it.toString() }
        assertTrue(error.contains("Unknown %hebb sub-command 'trian'. Valid sub-commands: train, sweep, filters, history, presets, rules, help"),
            error)
    }

    @Test
    fun `the dsl and the exporter run in the kernel`() {
        assertEquals("1", result(8).text("text/plain"))
        assertEquals("true", result(9).text("text/plain"))
    }
}
