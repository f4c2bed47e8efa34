package org.hebbkit.notebook

import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.hebbkit.study.TrialResult
import org.junit.jupiter.api.Test

class StudyProgressTest {

    private fun result(id: String, accuracy: Double, seconds: Double, failed: String? = null) =
        TrialResult(id, "softhebb-mnist-1layer", listOf(), 0, if (failed == null) TrialResult.Status.COMPLETE else TrialResult.Status.FAILED,
            accuracy, accuracy, seconds, 0, failed)

    @Test
    fun `one display follows a study of 6 trials, 2 done before, 2 workers - counts, ETA from this run's rate, failures, final state`() {
        val display = RecordingDisplay()
        var now = 0L
        val progress = StudyProgress(display, "Study lr", clock = { now })
        progress.studyStarted(trials = 6, complete = 2, engine = "2 local workers")
        progress.trialStarted("t3", "lr=0.01", 0, resumed = true)
        progress.trialStarted("t4", "lr=0.03", 0, resumed = false)
        assertTrue(progress.secondsLeft().isNaN(), "no ETA before a trial of this run ended")
        now += 10_000_000_000L
        progress.trialFinished(result("t3", 0.9712, 10.0), ended = 3, trials = 6)
        // 10 s for 1 trial ended in this run, 3 left: 30 s
        assertEquals(30.0, progress.secondsLeft(), 1e-9)
        progress.trialStarted("t5", "lr=0.1", 0, resumed = false)
        now += 10_000_000_000L
        progress.trialFinished(result("t4", 0.0, 20.0, failed = "diverged in block 1"), ended = 4, trials = 6)
        progress.trialFinished(result("t5", 0.9650, 5.0), ended = 5, trials = 6)
        // 20 s for 3 trials ended, 1 left
        assertEquals(20.0 / 3, progress.secondsLeft(), 1e-9)
        val running = display.updated.last()
        assertTrue(running.startsWith("Study lr: 5 of 6 trials ended, 1 failed, ETA 6.7 s"), running)
        assertTrue(running.contains("latest: t5: test 96.50 %"), running)
        progress.finish("6 of 6 trials complete; best: lr=0.01, 97.12 %")
        assertEquals(1, display.shown.size, "shown once")
        assertEquals(display.updated.size, progress.updates)
        assertEquals(7, progress.updates, display.updated.joinToString("\n"))
        assertEquals("Study lr: 6 of 6 trials complete; best: lr=0.01, 97.12 %  latest: t5: test 96.50 % (5.0 s)", display.updated.last())
        assertTrue(progress.secondsLeft().isNaN(), "no ETA once finished")
        val html = progress.view().html()
        assertTrue(html.contains("t4: FAILED: diverged in block 1") && html.contains("(2 local workers)") &&
            html.contains("width: 83.3%"), html)
    }

    @Test
    fun `a halving rung is shown with its configurations and images, and results are read as validation`() {
        val display = RecordingDisplay()
        val progress = StudyProgress(display, "Study h", clock = { 0L })
        progress.rungStarted(1, 3, 9, 5000, "validation")
        progress.studyStarted(trials = 9, complete = 0, engine = "1 local worker")
        progress.trialFinished(result("a", 0.5, 1.0), ended = 1, trials = 9)
        val text = display.updated.last()
        assertTrue(text.contains("rung 1 of 3: 9 configurations on 5,000 training images"), text)
        assertTrue(text.contains("latest: a: validation 50.00 %"), text)
    }
}
