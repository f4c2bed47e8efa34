package org.hebbkit.notebook

import java.nio.file.Files
import java.nio.file.Path
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/** [Hebb.sweep]'s checks, made before any trial runs; the sweep itself runs in `KernelSweepTest`. */
class HebbSweepTest {

    @TempDir
    lateinit var temp: Path

    @Test
    fun `bad studies are refused before the runner is looked for`() {
        val out = temp.resolve("study").toString()
        assertEquals("a sweep needs at least one preset",
            assertFailsWith<IllegalArgumentException> { Hebb.sweep(listOf(), out = out) }.message)
        val seeds = assertFailsWith<IllegalArgumentException> { Hebb.sweep(listOf("softhebb-mnist-1layer"), out = out, seeds = "0..3") }
        assertEquals("seeds are whole numbers separated by commas, or ranges such as 0-3 (e.g. 0,1,2,3); got '0..3'", seeds.message)
        val path = assertFailsWith<IllegalArgumentException> {
            Hebb.sweep(listOf("softhebb-mnist-1layer"), out = out, set = listOf("blocks.7.learningRate.rate=0.1"))
        }
        assertTrue(path.message!!.contains("blocks.7"), path.message)
        assertEquals("workers must be at least 1, got 0",
            assertFailsWith<IllegalArgumentException> { Hebb.sweep(listOf("softhebb-mnist-1layer"), out = out, workers = 0) }.message)
        assertEquals("matmul must be auto, engine or onednn, got 'mkl'",
            assertFailsWith<IllegalArgumentException> { Hebb.sweep(listOf("softhebb-mnist-1layer"), out = out, matmul = "mkl") }.message)
        assertFalse(Files.exists(Path.of(out)), "nothing written")
    }
}
