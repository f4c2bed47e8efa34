package org.hebbkit.notebook

import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.hebbkit.train.TrainingEvents
import org.junit.jupiter.api.Test

class LiveProgressTest {

    @Test
    fun `one display is shown once and updated in place, at most twice a second between stage events`() {
        val display = RecordingDisplay()
        var now = 0L
        val progress = LiveProgress(display, "demo", minIntervalNanos = 500_000_000L, clock = { now })
        progress.start()
        progress.stageStarted(TrainingEvents.StageStarted("hebbian block 1/1", 1, 100, 1000))
        for (batch in 1L..100L) {
            now += 20_000_000L // 20 ms a batch: 2 s in all
            progress.batchFinished(TrainingEvents.BatchFinished("hebbian block 1/1", 1, batch, 100, batch * 10, now / 1e9))
        }
        progress.stageFinished(TrainingEvents.StageFinished("hebbian block 1/1", 2.0, 1000))
        progress.finish("done: test accuracy 97.00 %")
        assertEquals(1, display.shown.size, "shown once")
        // stage start, 4 throttled batch updates (every 0.5 s of 2 s), stage end, finish
        assertEquals(7, display.updated.size, display.updated.joinToString("\n"))
        assertTrue(display.updated[1].contains("25%") && display.updated[1].contains("500 img/s") &&
            display.updated[1].contains("ETA 0:01"), display.updated[1])
        assertEquals("demo: done: test accuracy 97.00 %  100%  500 img/s", display.updated.last())
        assertTrue(progress.view().html().contains("done: hebbian block 1/1: 2.0 s (500 img/s)"))
    }
}
