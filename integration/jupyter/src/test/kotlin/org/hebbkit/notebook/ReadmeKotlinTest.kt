package org.hebbkit.notebook

import java.nio.file.Files
import java.nio.file.Path
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test

/**
 * The README's Kotlin example, as a reader copies it: each ```kotlin block of README.md becomes one cell of a notebook
 * executed in the real kernel, and no cell may end in an error. So the README names exactly the notebook API that
 * exists (a renamed property or function fails here). Needs what [KernelTest] needs.
 */
class ReadmeKotlinTest : ExecutedNotebookTest("the README's Kotlin example") {

    private val blocks: List<String> by lazy {
        val root = Path.of(System.getProperty("hebbkit.project.root", "../.."))
        Regex("```kotlin\\n(.*?)\\n```", RegexOption.DOT_MATCHES_ALL)
            .findAll(Files.readString(root.resolve("README.md"))).map { it.groupValues[1] }.toList()
    }

    override val sources: List<String> get() = blocks

    @Test
    fun `every Kotlin block of the README runs without an error`() {
        assertTrue(blocks.isNotEmpty(), "README.md has no ```kotlin block")
        assertEquals(blocks.size, cells.size)
        for (cell in cells.indices) {
            // an exception is an error output; a compilation error (such as an unresolved name) comes as text
            val errors = outputs(cell).filter { it["output_type"].asString == "error" }.map { it["ename"].asString + ": " +
                it["evalue"].asString } + outputs(cell).filter { it["output_type"].asString == "stream" }
                .map { KernelNotebook.text(it, "text") }.filter { it.contains(".jupyter.kts (") }
            assertEquals(listOf(), errors,
                "README's Kotlin block ${cell + 1} failed in the kernel:\n${blocks[cell]}")
        }
        // the block ends by evaluating the saved model: its result is shown
        assertTrue(outputs(cells.size - 1).any { it["output_type"].asString == "execute_result" },
            "the README's example shows the evaluation of the saved model")
    }
}
