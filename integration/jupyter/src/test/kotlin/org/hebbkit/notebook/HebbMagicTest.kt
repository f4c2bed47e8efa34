package org.hebbkit.notebook

import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

class HebbMagicTest {

    private val VALID = "dataset, filters, help, history, load, network, presets, rules, study, sweep, testChosen, train"

    @Test
    fun `each sub-command becomes one call on Hebb with typed arguments`() {
        assertEquals("org.hebbkit.notebook.Hebb.train(preset = \"softhebb-mnist-1layer\", seed = 3L, limit = 5000, " +
            "probeEpochs = 2, device = \"cpu\")",
            HebbMagic.call("train preset=softhebb-mnist-1layer seed=3 limit=5000 probeEpochs=2 device=cpu"))
        assertEquals("org.hebbkit.notebook.Hebb.filters(layer = 2)", HebbMagic.call("filters layer=2"))
        assertEquals("org.hebbkit.notebook.Hebb.filters()", HebbMagic.call("filters"))
        for (name in listOf("history", "presets", "rules", "help", "filters")) {
            assertEquals("org.hebbkit.notebook.Hebb.$name()", HebbMagic.call(name))
        }
    }

    @Test
    fun `sweep takes repeated presets and sets as lists, and set values keep their equals signs and commas`() {
        assertEquals("org.hebbkit.notebook.Hebb.sweep(presets = listOf(\"a\", \"b\"), out = \"studies/x\", seeds = \"0-1\", " +
            "set = listOf(\"blocks.0.learningRate.rate=0.01,0.03\", \"probe.epochs=2\"), workers = 2)",
            HebbMagic.call("sweep preset=a preset=b out=studies/x seeds=0-1 set=blocks.0.learningRate.rate=0.01,0.03 " +
                "set=probe.epochs=2 workers=2"))
        assertEquals("org.hebbkit.notebook.Hebb.sweep(presets = listOf(\"a\"), out = \"o\")", HebbMagic.call("sweep preset=a out=o"))
        assertEquals("org.hebbkit.notebook.Hebb.sweep(presets = listOf(\"a\"), out = \"o\", seeds = \"0-4\", matmul = \"engine\")",
            HebbMagic.call("sweep preset=a out=o seeds=0-4 matmul=engine"))
        val missing = assertThrows<IllegalArgumentException> { HebbMagic.call("sweep preset=a") }.message!!
        assertTrue(missing.startsWith("%hebb sweep: 'out' is required. Usage: %hebb sweep preset=PRESET [preset=... ...] out=OUT [seeds=SEEDS set=SET ..."), missing)
        assertEquals("%hebb sweep: 'out' is given twice",
            assertThrows<IllegalArgumentException> { HebbMagic.call("sweep preset=a out=o out=p") }.message)
    }

    @Test
    fun `only magic lines change and their indentation stays`() {
        val cell = "val x = 1\n  %hebb presets\nprintln(\"%hebb is not at the start here\")"
        assertEquals("val x = 1\n  org.hebbkit.notebook.Hebb.presets()\nprintln(\"%hebb is not at the start here\")",
            HebbMagic.rewrite(cell))
        assertEquals("plain code", HebbMagic.rewrite("plain code"))
    }

    @Test
    fun `text values are Kotlin string literals that cannot break out`() {
        assertEquals("org.hebbkit.notebook.Hebb.train(preset = \"a\\\"b\\\$c\\\\d\")", HebbMagic.call("train preset=a\"b\$c\\d"))
    }

    @Test
    fun `errors name the problem and list what is valid`() {
        fun message(magic: String) = assertThrows<IllegalArgumentException> { HebbMagic.call(magic) }.message!!
        assertEquals("Unknown %hebb sub-command 'trian': did you mean 'train'? Valid sub-commands: $VALID", message("trian preset=x"))
        assertEquals("%hebb train: unknown argument 'epochs'. Valid arguments: preset, dataset, seed, limit, limitTest, " +
            "mode, probeEpochs, device, readout, checkpoints, hebbianEpochs", message("train preset=x epochs=3"))
        assertEquals("%hebb train: unknown argument 'limt' (did you mean 'limit'?). Valid arguments: preset, dataset, seed, limit, " +
            "limitTest, mode, probeEpochs, device, readout, checkpoints, hebbianEpochs", message("train preset=x limt=3"))
        assertTrue(message("train limit=5").startsWith("%hebb train: 'preset' is required. Usage: %hebb train preset=P"))
        assertEquals("%hebb train: limit must be a whole number, got 'lots'", message("train preset=x limit=lots"))
        assertEquals("%hebb train: 'seed' is given twice", message("train preset=x seed=1 seed=2"))
        assertTrue(message("filters 2").startsWith("%hebb filters: '2' is not name=value. Usage: %hebb filters [layer=N]"))
        assertEquals("%hebb history: unknown argument 'layer'. Valid arguments: (none)", message("history layer=1"))
        assertEquals("%hebb needs a sub-command. Valid sub-commands: $VALID (try %hebb help)", message(""))
    }

    @Test
    fun `the sub-commands are Hebb's functions, with their parameters and required ones`() {
        assertEquals(VALID, HebbMagic.COMMANDS.joinToString(", ") { it.name })
        val train = HebbMagic.COMMANDS.first { it.name == "train" }
        assertEquals(listOf("preset"), train.arguments.filter { it.required }.map { it.name })
        val sweep = HebbMagic.COMMANDS.first { it.name == "sweep" }
        assertEquals(HebbMagic.Argument("preset", HebbMagic.Type.TEXT, required = true, repeatable = true, parameter = "presets"),
            sweep.arguments[0])
        assertEquals("%hebb load directory=DIRECTORY [device=DEVICE]", HebbMagic.COMMANDS.first { it.name == "load" }.usage)
        assertEquals("Hebb.load(directory = \"DIRECTORY\", ...)", HebbMagic.COMMANDS.first { it.name == "load" }.plain)
    }

    @Test
    fun `a faulty magic becomes a line that throws one clear message`() {
        assertEquals("x\nthrow org.hebbkit.notebook.HebbMagicException(\"Unknown %hebb sub-command 'trian': did you mean 'train'? " +
            "Valid sub-commands: $VALID\")", HebbMagic.rewrite("x\n%hebb trian preset=x"))
        assertEquals("HebbKit: Unknown", HebbMagicException("Unknown").view.text())
    }

    @Test
    fun `help lists every sub-command with its plain call`() {
        val help = Hebb.help()
        assertEquals(HebbMagic.COMMANDS.map { it.usage }, help.rows.map { it[0] })
        assertTrue(help.html().contains("Hebb.train(preset = &quot;PRESET&quot;"), help.html())
    }
}
