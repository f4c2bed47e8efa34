package org.hebbkit.notebook

import java.nio.file.Files
import java.nio.file.Path
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.hebbkit.datasets.DataDirectory
import org.hebbkit.model.Components
import org.hebbkit.model.Configs
import org.hebbkit.model.Presets
import org.hebbkit.rule.HebbianTerms
import org.hebbkit.rule.LearningRule
import org.hebbkit.rule.RuleState
import org.hebbkit.rule.SoftHebbRule
import org.junit.jupiter.api.Assumptions
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.fail
import org.junit.jupiter.api.io.TempDir

/**
 * The notebook API without the kernel: the DSL against the presets, rules from cells (lambda and record), the
 * imports derived from the registry, `%use lets-plot` offline, and save / load / evaluate on real MNIST.
 */
class NotebookApiTest {

    @TempDir
    lateinit var temp: Path

    @Test
    fun `the DSL written like softhebb-mnist-1layer is that preset, block by block and as a whole`() {
        val shipped = Presets.get("softhebb-mnist-1layer")
        val dsl = hebbianNetwork(name = "softhebb-mnist-1layer", dataset = "mnist", input = listOf(1, 28, 28),
            description = shipped.description(), reference = shipped.reference()) {
            conv(96, kernel = 5, padding = 2)
            unsupervised(epochs = 3)
        }
        Hebb.network("softhebb-mnist-1layer").use { network ->
            assertEquals(network.preset()!!.blocks().size, dsl.blocks().size)
            network.preset()!!.blocks().forEachIndexed { i, block -> assertEquals(block, dsl.blocks()[i], "block $i") }
        }
        assertEquals(shipped, dsl)
        // the DSL's defaults are SoftHebb's first CIFAR-10 block: one conv block is softhebb-cifar10-1layer's block
        val cifar = Presets.get("softhebb-cifar10-1layer")
        val first = cifar.blocks()[0]
        assertEquals(first, hebbianNetwork { conv(first.outChannels(), kernel = 5, padding = 2) }.blocks()[0])
        assertEquals(cifar.unsupervised(), hebbianNetwork { conv(8, kernel = 3) }.unsupervised())
    }

    @Test
    fun `imports cover every registered component and the types rules are written with`() {
        val imports = HebbKitIntegration.IMPORTS
        for (component in Components.all()) {
            assertTrue(component.implementation().name in imports, "${component.type()} (${component.implementation().name}) is imported")
        }
        for (type in listOf(LearningRule::class.java, HebbianTerms::class.java, RuleState::class.java, SoftHebbRule::class.java,
            org.hebbkit.nn.WeightInit::class.java, org.hebbkit.nn.Pooling::class.java, org.hebbkit.nn.Padding::class.java)) {
            assertTrue(type.name in imports, "${type.name} is imported: $imports")
        }
        assertTrue("org.hebbkit.notebook.hebbRule" in imports)
        assertEquals(imports.size, imports.toSet().size, "no import twice")
    }

    @Test
    fun `percent use lets-plot becomes the Lets-Plot imports, other libraries stay`() {
        val rewritten = LetsPlotUse.rewrite("%use lets-plot\nletsPlot() + geomPoint()")
        assertEquals(HebbKitIntegration.LETS_PLOT_IMPORTS.map { "import $it" } + listOf("letsPlot() + geomPoint()"),
            rewritten.lines())
        assertTrue(LetsPlotUse.rewrite("%use dataframe, lets-plot(4.4.1)\nx").lines().first() == "%use dataframe")
        assertEquals("%use dataframe\nx", LetsPlotUse.rewrite("%use dataframe\nx"))
    }

    @Test
    fun `a record rule from a cell gets a readable name, a plain class a clear refusal`() {
        assertEquals("hebb-decay", CellComponents.derivedName(HebbDecay::class.java))
        assertEquals("hebb-decay", CellComponents.register(HebbDecay(0.1))!!.substringAfter("registered as '").substringBefore("'"))
        assertEquals(null, CellComponents.register(HebbDecay(0.2)), "registered once")
        assertEquals("hebb-decay", Components.typeOf(HebbDecay(0.1)))
        val plain = assertThrows<IllegalArgumentException> { CellComponents.register(PlainRule()) }.message
        assertEquals("your learning rule PlainRule must be a record to be trained and saved: write it as @JvmRecord data class " +
            "PlainRule(...) : LearningRule, or use hebbRule(\"name\") { u, y -> ... }", plain)
    }

    @Test
    fun `a lambda rule is named by its name, and a missing definition says so`() {
        val rule = hebbRule("test-oja") { _, y -> terms(modulation = y, decay = (y * y).sumOverBatch()) }
        assertEquals("""{"type":"notebook-rule","name":"test-oja"}""", Configs.toTree(rule).toString())
        assertTrue(Components.all().any { it.type() == "notebook-rule" }, "hebbRule registers notebook-rule")
        val missing = assertThrows<IllegalArgumentException> {
            Configs.fromJson("""{"type":"notebook-rule","name":"never-defined"}""", LearningRule::class.java)
        }.message!!
        assertTrue(missing.contains("the learning rule 'never-defined' was defined in a notebook cell (hebbRule(\"never-defined\") " +
            "{ u, y -> ... }) and its code is not in this kernel: run the cell that defines it, then try again"), missing)
        assertEquals("a rule's name must be lower case letters, digits and dashes (e.g. \"my-oja\"), got 'My Oja'",
            assertThrows<IllegalArgumentException> { hebbRule("My Oja") { _, y -> terms(y) } }.message)
    }

    @Test
    fun `a cell rule trains, saves, loads and evaluates to the same accuracy`() {
        val data = DataDirectory.resolve(null, Path.of(System.getProperty("hebbkit.project.root", "")))
        if (!Files.isRegularFile(data.resolve("mnist/train-images-idx3-ubyte.gz"))) {
            if (System.getenv("CI") == "true") fail("NotebookApiTest needs MNIST in $data (CI=true, so this fails)")
            Assumptions.abort<Unit>("NotebookApiTest needs MNIST in $data (set HEBBKIT_DATA)")
        }
        Hebb.data = data
        val myOja = hebbRule("api-test-oja") { _, y -> terms(modulation = y, decay = (y * y).sumOverBatch()) }
        val preset = hebbianNetwork(name = "oja-test", dataset = "mnist", input = listOf(1, 28, 28)) {
            conv(8, kernel = 5, padding = 2) { rule = myOja; learningRate = org.hebbkit.rule.ConstantRate(0.01) }
            probe(epochs = 1)
        }
        val folder = temp.resolve("oja").toString()
        val accuracy = Hebb.train(preset, limit = 200, limitTest = 100, hebbianEpochs = 1).use { run ->
            assertEquals(run.testAccuracy * 100, run.testAccuracyPercent)
            assertTrue(run.save(folder).text().startsWith("saved oja-test to $folder"))
            run.testAccuracy
        }
        assertTrue(Files.readString(Path.of(folder, "model.json")).contains("\"name\": \"api-test-oja\""))
        Hebb.load(folder).use { model ->
            val evaluation = model.evaluate(limit = 100)
            assertEquals(accuracy, evaluation.accuracy, "the loaded model scores what the run scored")
            assertEquals(100, evaluation.images)
            assertTrue(model.filters(1).text().startsWith("Layer 1"), model.filters(1).text())
        }
        // the same network saved in another session, whose cell defining the rule has not run: the error says so
        val json = Path.of(folder, "model.json")
        Files.writeString(json, Files.readString(json).replace("\"api-test-oja\"", "\"rule-of-another-session\""))
        val missing = assertThrows<java.io.IOException> { Hebb.load(folder) }.message!!
        assertTrue(missing.endsWith("holds an invalid preset: blocks[0].rule: the learning rule 'rule-of-another-session' was defined " +
            "in a notebook cell (hebbRule(\"rule-of-another-session\") { u, y -> ... }) and its code is not in this kernel: run the " +
            "cell that defines it, then try again"), missing)
        assertEquals("no saved model in ${temp.resolve("none")}: it has no model.json (save one with run.save(\"${temp.resolve("none")}\"))",
            assertThrows<IllegalArgumentException> { Hebb.load(temp.resolve("none").toString()) }.message)
    }
}

/** A rule as a cell would write it: a record of its hyperparameters. */
@JvmRecord
data class HebbDecay(val rate: Double) : LearningRule {
    override fun terms(pre: ai.djl.ndarray.NDArray, post: ai.djl.ndarray.NDArray, state: RuleState) =
        HebbianTerms(post, post.sum(intArrayOf(1), true).mul(rate))
}

/** A rule written as a plain class: it cannot be saved. */
class PlainRule : LearningRule {
    override fun terms(pre: ai.djl.ndarray.NDArray, post: ai.djl.ndarray.NDArray, state: RuleState) = HebbianTerms(post, null)
}
