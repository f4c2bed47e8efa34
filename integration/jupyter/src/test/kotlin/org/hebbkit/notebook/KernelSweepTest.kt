package org.hebbkit.notebook

import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test

/**
 * `%hebb sweep` and [Hebb.sweep] in the real kernel, executed by `jupyter nbconvert --execute`: HebbKit loaded
 * through `hebbkit-jupyter` (which brings the study engine, `hebbkit-study`), a study of two trials run by two worker processes with one
 * live display, the same study called again resumes (nothing re-run), and a bad swept path is refused by name.
 * Needs what [KernelNotebook] needs, (`./hebbkit kernel install`).
 */
class KernelSweepTest : ExecutedNotebookTest("the kernel sweep test") {

    private val study = temp.resolve("study")

    override val sources = listOf(
        "@file:DependsOn(\"org.hebbkit:hebbkit-jupyter:${KernelNotebook.version}\")",
        "%hebb sweep preset=softhebb-mnist-1layer out=$study set=probe.epochs=1,2 limit=500 limitTest=200 workers=2 threads=1",
        "fun stamps() = java.io.File(\"$study/trials\").walk().filter { it.name == \"trial.json\" }.associate { it.path to it.lastModified() }\n" +
            "val before = stamps()\n" +
            "val again = Hebb.sweep(listOf(\"softhebb-mnist-1layer\"), out = \"$study\", set = listOf(\"probe.epochs=1,2\"), " +
            "limit = 500, limitTest = 200)\n" +
            "again.headline() + \" | trials untouched: \" + (before.size == 2 && stamps() == before)",
        "%hebb sweep preset=softhebb-mnist-1layer out=${temp.resolve("bad")} set=blocks.0.learningRate.rte=0.1",
        "Hebb.lastStudy!!.results.map { it.id() + \" \" + it.status() }.joinToString(\"; \")",
    )

    @Test
    fun `the magic runs the trials in worker processes with one display updated to the study's final state`() {
        val displays = displays(1)
        assertEquals(1, displays.size, "one display, updated in place: ${outputs(1)}")
        val progress = displays[0].text("text/plain")
        assertTrue(progress.startsWith("Study study: 2 of 2 trials complete; best: softhebb-mnist-1layer probe.epochs="), progress)
        val report = result(1)
        assertTrue(report.text("text/html").contains("<svg"), "the study's chart is inline SVG")
        assertTrue(report.text("text/plain").startsWith("2 of 2 trials complete"), report.text("text/plain"))
        for (file in listOf("results.csv", "summary.csv", "report.html")) {
            assertTrue(Files.isRegularFile(study.resolve(file)), "$file written")
        }
        assertEquals(3, Files.readAllLines(study.resolve("results.csv")).size, "a header and two trials")
    }

    @Test
    fun `the same study called again resumes, both trials are complete and none runs again`() {
        assertTrue(result(2).text("text/plain").startsWith("2 of 2 trials complete"),
            result(2).toString())
        assertTrue(result(2).text("text/plain").endsWith(" | trials untouched: true"),
            "nothing ran again: ${result(2)}")
        assertEquals(2, result(4).text("text/plain").split("; ").count { it.endsWith(" COMPLETE") },
            result(4).toString())
    }

    @Test
    fun `a bad swept path is refused with its name before anything runs`() {
        val error = outputs(3).joinToString { it.toString() }
        assertTrue(error.contains("blocks.0.learningRate.rte"), error)
        assertTrue(!Files.exists(temp.resolve("bad")), "nothing written for a refused study")
    }
}
