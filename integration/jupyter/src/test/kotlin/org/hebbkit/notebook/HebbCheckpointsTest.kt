package org.hebbkit.notebook

import java.io.UncheckedIOException
import java.nio.file.Files
import java.nio.file.Path
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertTrue
import org.hebbkit.datasets.DataDirectory
import org.hebbkit.train.RunCheckpoints
import org.junit.jupiter.api.Assumptions
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.fail
import org.junit.jupiter.api.io.TempDir

/**
 * `Hebb.train(checkpoints = DIR)`: a notebook executed again continues its saved runs instead of training anew,
 * with the same weights and accuracy, and refuses another run's progress. Real MNIST; skipped with the fix when
 * it is missing, failed when `CI=true`.
 */
class HebbCheckpointsTest {

    @TempDir
    lateinit var temp: Path

    @BeforeEach
    fun data() {
        val data = DataDirectory.resolve(null, Path.of(System.getProperty("hebbkit.project.root", "")))
        if (!Files.isRegularFile(data.resolve("mnist/train-images-idx3-ubyte.gz"))) {
            val message = "HebbCheckpointsTest needs MNIST in $data (set HEBBKIT_DATA)"
            if (System.getenv("CI") == "true") fail("$message (CI=true, so this fails)")
            System.err.println("skipped: $message")
            Assumptions.abort<Unit>(message)
        }
        Hebb.data = data
    }

    @Test
    fun `a saved run is continued, not trained again, and ends with the same weights and accuracy`() {
        val folder = temp.resolve("runs/mnist").toString()
        val first = Hebb.train(preset = "softhebb-mnist-1layer", limit = 300, limitTest = 100, probeEpochs = 2, checkpoints = folder)
        val firstWeights = first.use { run ->
            assertNull(run.continuedFrom)
            run.network.newScope().use { run.network.blocks()[0].layer().weight().toFloatArray() }
        }
        val accuracy = first.testAccuracy
        assertTrue(RunCheckpoints.exists(Path.of(folder)), "progress kept after the run ends, for the next execution")

        Hebb.train(preset = "softhebb-mnist-1layer", limit = 300, limitTest = 100, probeEpochs = 2, checkpoints = folder).use { again ->
            assertEquals("after probe epoch 2", again.continuedFrom)
            assertEquals(accuracy, again.testAccuracy)
            val weights = again.network.newScope().use { again.network.blocks()[0].layer().weight().toFloatArray() }
            assertTrue(firstWeights.contentEquals(weights), "the continued run has the saved weights")
            assertTrue(again.text().contains("(continued from saved progress, after probe epoch 2)"), again.text())
            assertTrue(again.html().contains("continued from saved progress, after probe epoch 2"))
            val probeEpochs = again.result.history().epochs().count { it.stage() == "probe" }
            assertEquals(2, probeEpochs, "the history holds the saved epochs, not new ones")
        }
    }

    @Test
    fun `another run's progress in the folder is refused with what differs and the fix`() {
        val folder = temp.resolve("runs/mnist").toString()
        Hebb.train(preset = "softhebb-mnist-1layer", limit = 200, limitTest = 100, probeEpochs = 1, checkpoints = folder).close()
        val error = assertThrows<UncheckedIOException> {
            Hebb.train(preset = "softhebb-mnist-1layer", seed = 1, limit = 200, limitTest = 100, probeEpochs = 1, checkpoints = folder)
        }
        assertTrue(error.message!!.contains("holds the progress of another run"), error.message)
        assertTrue(error.message!!.contains("choose a new output directory"), error.message)
    }

    /** The notebook's `Hebb.train(checkpoints = ...)` takes the same OS lock as `hebbkit train`, and refuses a blank folder. */
    @Test
    fun `a checkpoints folder another writer holds is refused, and so is a blank one`() {
        val folder = temp.resolve("notebook-run")
        org.hebbkit.model.RunFolderLock.acquire(folder).use {
            val busy = assertThrows<IllegalStateException> {
                Hebb.train("softhebb-mnist-mlp", limit = 100, limitTest = 50, probeEpochs = 1, checkpoints = folder.toString())
            }
            assertEquals("another HebbKit process (pid ${ProcessHandle.current().pid()}, this process) is writing" +
                " into $folder; wait for it to end (or stop it), or choose another folder. A folder has one" +
                " writer at a time; its lock is released when that process ends, even when it is killed", busy.message)
        }
        val blank = assertThrows<IllegalArgumentException> {
            Hebb.train("softhebb-mnist-mlp", limit = 100, limitTest = 50, probeEpochs = 1, checkpoints = " ")
        }
        assertEquals("checkpoints is empty (' '); give a folder, or leave it out (null) to save no progress", blank.message)
    }
}
