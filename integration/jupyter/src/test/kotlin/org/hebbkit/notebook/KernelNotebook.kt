package org.hebbkit.notebook

import com.google.gson.JsonArray
import com.google.gson.JsonNull
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlin.test.fail
import org.hebbkit.datasets.DataDirectory
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assumptions
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.TestInstance

/**
 * Executes code cells in the real kernel the way Jupyter does (`jupyter nbconvert --execute`, errors allowed) and
 * reads the outputs back. Needs Jupyter (Debian's jupyter-nbconvert), the `hebbkit-kotlin` kernelspec and HebbKit in
 * the local Maven repository (`./hebbkit kernel install` does both) and MNIST; skips with the fix when they are
 * missing, fails when `CI=true`.
 */
object KernelNotebook {

    /** HebbKit's version, as the notebooks' `@file:DependsOn` names it. */
    val version: String = System.getProperty("hebbkit.version", "0.1.0-SNAPSHOT")

    /** Runs [sources] as the cells of one notebook in [temp]; returns the executed cells. */
    fun execute(what: String, sources: List<String>, temp: Path): List<JsonObject> {
        val data = DataDirectory.resolve(null, Path.of(System.getProperty("hebbkit.project.root", "")))
        val missing = listOfNotNull(
            "jupyter-nbconvert (apt-get install jupyter-nbconvert python3-nbconvert python3-nbclient jupyter-client python3-ipykernel)"
                .takeUnless { Files.isExecutable(Path.of("/usr/bin/jupyter-nbconvert")) },
            "the hebbkit-kotlin kernelspec (./hebbkit kernel install)".takeUnless { kernelSpecInstalled() },
            "MNIST in $data (set HEBBKIT_DATA)".takeUnless { Files.isRegularFile(data.resolve("mnist/train-images-idx3-ubyte.gz")) },
        )
        if (missing.isNotEmpty()) {
            val message = "$what needs " + missing.joinToString("; ")
            if (System.getenv("CI") == "true") fail("$message (CI=true, so this fails)")
            System.err.println("skipped: $message")
            Assumptions.abort<Unit>(message)
        }
        val notebook = temp.resolve("kernel-test.ipynb")
        Files.writeString(notebook, notebookJson(sources))
        val process = ProcessBuilder("/usr/bin/jupyter-nbconvert", "--to", "notebook", "--execute", "--allow-errors",
            "--ExecutePreprocessor.timeout=600", "--output", "executed.ipynb", notebook.toString())
            .redirectErrorStream(true).apply { environment()["HEBBKIT_DATA"] = data.toAbsolutePath().toString() }.start()
        val log = process.inputStream.bufferedReader().readText()
        assertTrue(process.waitFor(15, TimeUnit.MINUTES), "nbconvert finished")
        assertEquals(0, process.exitValue(), log)
        val executed = JsonParser.parseString(Files.readString(temp.resolve("executed.ipynb"))).asJsonObject
        return executed.getAsJsonArray("cells").map { it.asJsonObject }
    }

    /** A mime bundle's value: nbformat stores long text as an array of lines. */
    fun text(bundle: JsonObject, type: String): String {
        val value = bundle[type] ?: return ""
        return if (value.isJsonArray) value.asJsonArray.joinToString("") { it.asString } else value.asString
    }

    /** Every output of cell [cell]. */
    fun outputs(cells: List<JsonObject>, cell: Int): List<JsonObject> = cells[cell].getAsJsonArray("outputs").map { it.asJsonObject }

    /** The one result of cell [cell], its mime bundle. */
    fun result(cells: List<JsonObject>, cell: Int): JsonObject {
        val results = outputs(cells, cell).filter { it["output_type"].asString == "execute_result" }
        assertEquals(1, results.size, "cell $cell has one result: ${outputs(cells, cell)}")
        return results[0].getAsJsonObject("data")
    }

    /** The display outputs of cell [cell], their mime bundles. */
    fun displays(cells: List<JsonObject>, cell: Int): List<JsonObject> =
        outputs(cells, cell).filter { it["output_type"].asString == "display_data" }.map { it.getAsJsonObject("data") }

    private fun kernelSpecInstalled(): Boolean {
        val dataDir = System.getenv("JUPYTER_DATA_DIR")?.let { Path.of(it) }
            ?: Path.of(System.getProperty("user.home"), ".local", "share", "jupyter")
        return Files.isRegularFile(dataDir.resolve("kernels/hebbkit-kotlin/kernel.json"))
    }

    /** A notebook (nbformat 4) of code cells for the hebbkit-kotlin kernel. */
    fun notebookJson(sources: List<String>): String {
        val root = JsonObject()
        root.addProperty("nbformat", 4)
        root.addProperty("nbformat_minor", 5)
        val metadata = JsonObject()
        val spec = JsonObject()
        spec.addProperty("name", "hebbkit-kotlin")
        spec.addProperty("display_name", "Kotlin (HebbKit)")
        spec.addProperty("language", "kotlin")
        metadata.add("kernelspec", spec)
        root.add("metadata", metadata)
        val cells = JsonArray()
        sources.forEachIndexed { i, source ->
            val cell = JsonObject()
            cell.addProperty("cell_type", "code")
            cell.addProperty("id", "cell-$i")
            cell.addProperty("source", source)
            cell.add("metadata", JsonObject())
            cell.add("outputs", JsonArray())
            cell.add("execution_count", JsonNull.INSTANCE)
            cells.add(cell)
        }
        root.add("cells", cells)
        return root.toString()
    }
}

/**
 * Tests over one notebook of [sources], executed in the real kernel once before them ([KernelNotebook.execute]) in
 * [temp], a folder deleted after them; [what] names the test in the message when the kernel's parts are missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExecutedNotebookTest(private val what: String) {

    /** The folder the notebook is executed in; deleted after the tests. */
    protected val temp: Path = Files.createTempDirectory("hebbkit-kernel-test")

    /** The executed cells. */
    protected lateinit var cells: List<JsonObject>

    /** The notebook's cells, one source each. */
    protected abstract val sources: List<String>

    @BeforeAll
    fun execute() {
        cells = KernelNotebook.execute(what, sources, temp)
    }

    @AfterAll
    fun clean() {
        temp.toFile().deleteRecursively()
    }

    protected fun outputs(cell: Int): List<JsonObject> = KernelNotebook.outputs(cells, cell)

    protected fun result(cell: Int): JsonObject = KernelNotebook.result(cells, cell)

    protected fun displays(cell: Int): List<JsonObject> = KernelNotebook.displays(cells, cell)

    protected fun JsonObject.text(type: String): String = KernelNotebook.text(this, type)
}
