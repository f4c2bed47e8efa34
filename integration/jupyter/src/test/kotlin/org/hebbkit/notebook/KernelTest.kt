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

    /** The components on the class path (HebbKit's built-ins), each to be importable by its simple name. */
    private val builtIn get() = java.util.ServiceLoader.load(org.hebbkit.model.ComponentProvider::class.java).flatMap { it.components() }

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
        // 10: a user's own Lets-Plot figures, with %use lets-plot answered offline from HebbKit's copy
        "%use lets-plot\nletsPlot(mapOf(\"rule\" to listOf(\"oja\", \"softhebb\"), \"accuracy\" to listOf(90.1, 95.2))) + " +
            "geomBar(stat = Stat.identity) { x = \"rule\"; y = \"accuracy\" }",
        "val scatter = letsPlot(mapOf(\"x\" to listOf(1, 2, 3), \"y\" to listOf(3, 1, 2))) + geomPoint { x = \"x\"; y = \"y\" }\n" +
            "gggrid(listOf(scatter, scatter), ncol = 2)",
        // 12: a rule in a cell trains, saves, loads and evaluates to the same accuracy
        "val myOja = hebbRule(\"kernel-oja\", formula = \"dW = y x^T - sum(y^2) W\") { u, y ->\n" +
            "    terms(modulation = y, decay = (y * y).sumOverBatch())\n}\n" +
            "val ojaNet = hebbianNetwork(name = \"oja-in-a-cell\", dataset = \"mnist\", input = listOf(1, 28, 28)) {\n" +
            "    conv(8, kernel = 5, padding = 2) { rule = myOja; learningRate = ConstantRate(0.01) }\n    probe(epochs = 1)\n}\n" +
            "val ojaRun = Hebb.train(ojaNet, limit = 200, limitTest = 100)\nojaRun.save(\"saved-oja\")",
        "val model = Hebb.load(\"saved-oja\")\nval evaluation = model.evaluate(limit = 100)\n" +
            "\"\${ojaRun.testAccuracy} \${evaluation.accuracy} \" + java.io.File(\"saved-oja/model.json\").readText().contains(\"kernel-oja\")",
        // 14: every registered component is importable by its simple name
        "listOf(" + builtIn.joinToString(", ") { it.implementation().simpleName + "::class" } + ", NotebookRule::class).size",
        // 15: a rule written as a record class in a cell trains without Components.register
        "@JvmRecord\ndata class HebbDecay(val rate: Double) : LearningRule {\n" +
            "    override fun terms(pre: NDArray, post: NDArray, state: RuleState) = HebbianTerms(post, post.sum(intArrayOf(1), true).mul(rate))\n}\n" +
            "Hebb.train(hebbianNetwork(dataset = \"mnist\", input = listOf(1, 28, 28)) { conv(4, kernel = 5, padding = 2) { " +
            "rule = HebbDecay(0.1); learningRate = ConstantRate(0.001) }; probe(epochs = 1) }, limit = 100, limitTest = 50).testAccuracyPercent > 0",
    )

    private val componentCount get() = builtIn.size + 1

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
        val error = outputs(7)
        // the kernel's table is the one derived here from the same Hebb (HebbMagicTest pins its names)
        assertEquals(listOf("HebbKit: Unknown %hebb sub-command 'trian': did you mean 'train'? Valid sub-commands: " +
            HebbMagic.COMMANDS.joinToString(", ") { it.name }),
            error.map { it.getAsJsonObject("data")?.text("text/plain") ?: it.toString() }, "one message, no stack trace: $error")
    }

    @Test
    fun `a user's Lets-Plot figures render inline as svg, and percent use lets-plot works offline`() {
        for (cell in listOf(10, 11)) {
            val html = result(cell).text("text/html")
            assertTrue(html.startsWith("<div class=\"hebbkit-figure\"><svg") && !html.contains("<script"), "cell $cell: ${html.take(300)}")
        }
        assertTrue(result(10).text("text/html").contains("softhebb"), "the bar chart's labels are in the SVG")
        assertEquals(2, Regex("<svg").findAll(result(11).text("text/html")).count() - 1, "gggrid: both plots inside one SVG")
    }

    @Test
    fun `a rule from a cell trains, saves under its name, loads and evaluates to the same accuracy`() {
        assertTrue(result(12).text("text/plain").startsWith("saved oja-in-a-cell to saved-oja"), result(12).toString())
        val (trained, evaluated, named) = result(13).text("text/plain").trim('"').split(" ")
        assertEquals(trained.toDouble(), evaluated.toDouble(), "the loaded model scores what the run scored")
        assertEquals("true", named, "model.json names the rule kernel-oja")
    }

    @Test
    fun `every registered component is imported, and a record rule from a cell is registered by its own name`() {
        assertEquals("$componentCount", result(14).text("text/plain"), outputs(14).toString())
        val printed = outputs(15).filter { it["output_type"].asString == "stream" }.joinToString("") { it["text"].asString }
        assertTrue(printed.contains("HebbKit: your learning rule HebbDecay is registered as 'hebb-decay'"), outputs(15).toString())
        assertEquals("true", result(15).text("text/plain"))
    }

    @Test
    fun `a SoftHebb layer trained on 300 images warns that it has not converged`() {
        val run = result(4)
        assertTrue(run.text("text/html").contains("Layer 1 has not converged: 0 % of its 96 neurons are at weight radius 1"),
            run.text("text/plain"))
    }

    @Test
    fun `the dsl and the exporter run in the kernel`() {
        assertEquals("1", result(8).text("text/plain"))
        assertEquals("true", result(9).text("text/plain"))
    }
}
