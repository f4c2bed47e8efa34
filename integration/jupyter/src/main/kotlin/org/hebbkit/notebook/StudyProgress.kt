package org.hebbkit.notebook

import org.hebbkit.report.Html
import org.hebbkit.report.RunReport
import java.util.Locale
import org.hebbkit.study.TrialResult

/**
 * Live progress of a study ([Hebb.sweep]) in one display updated in place: trials ended of all (failed ones
 * counted), the trials running, the time left (this run's wall time so far per trial ended, which already holds
 * the workers running side by side, times the trials left), the halving rung, and the latest results. The engine's events
 * arrive from worker threads; every call is synchronised.
 */
class StudyProgress @JvmOverloads constructor(
    private val display: ProgressDisplay,
    private val title: String,
    private val clock: () -> Long = System::nanoTime,
) {
    private val output = InPlace(display)
    private var trials = 0
    private var ended = 0
    private var failed = 0
    private var evaluation = "test"
    private var rung = ""
    private var engine = ""
    private var started = 0L
    private var endedThisRun = 0
    private var summary: String? = null
    private val running = LinkedHashMap<String, String>()
    private val latest = ArrayDeque<String>()

    /** Updates sent so far (after the first show). */
    val updates: Int get() = output.updates

    /** A rung of successive halving begins. */
    @Synchronized
    fun rungStarted(rung: Int, rungs: Int, configurations: Int, trainImages: Int, evaluation: String) {
        this.rung = String.format(Locale.ROOT, "rung %d of %d: %d configuration%s on %,d training images", rung, rungs,
            configurations, if (configurations == 1) "" else "s", trainImages)
        this.evaluation = evaluation
        render()
    }

    /** The study (or a rung of it) is planned: [complete] of its [trials] are done from an earlier run. */
    @Synchronized
    fun studyStarted(trials: Int, complete: Int, engine: String) {
        this.trials = trials
        this.ended = complete
        this.failed = 0
        this.engine = engine
        this.started = clock()
        this.endedThisRun = 0
        render()
    }

    /** A trial began. */
    @Synchronized
    fun trialStarted(id: String, configuration: String, seed: Long, resumed: Boolean) {
        running[id] = "$configuration, seed $seed" + if (resumed) " (resumed)" else ""
        render()
    }

    /** A trial ended; [ended] of [trials] have ended so far. */
    @Synchronized
    fun trialFinished(result: TrialResult, ended: Int, trials: Int) {
        running.remove(result.id())
        this.ended = ended
        this.trials = trials
        endedThisRun++
        if (!result.complete()) failed++
        val outcome = if (result.complete()) String.format(Locale.ROOT, "%s %.2f %%", evaluation, result.testAccuracy() * 100)
        else "FAILED: ${result.message()}"
        latest.addFirst("${result.id()}: $outcome (${RunReport.duration(result.wallSeconds())})")
        while (latest.size > 5) latest.removeLast()
        render()
    }

    /** The final state, with [summary] (e.g. the best configuration). */
    @Synchronized
    fun finish(summary: String) {
        this.summary = summary
        running.clear()
        render()
    }

    /** Seconds left, `NaN` until a trial of this run has ended. */
    @Synchronized
    fun secondsLeft(): Double {
        if (endedThisRun == 0 || summary != null) return Double.NaN
        return (clock() - started) / 1e9 / endedThisRun * (trials - ended)
    }

    private fun render() = output.put(view())

    /** The current state as a view. */
    @Synchronized
    fun view(): ProgressView {
        val fraction = if (trials > 0) ended.toDouble() / trials else 0.0
        val left = secondsLeft()
        val counts = "$ended of $trials trials ended" + (if (failed > 0) ", $failed failed" else "") +
            (if (left.isFinite()) ", ETA ${RunReport.duration(left)}" else "")
        val state = summary ?: counts
        val runningText = running.entries.joinToString("; ") { "${it.key} (${it.value})" }
        val text = listOf("$title: $state", rung, if (runningText.isEmpty()) "" else "running: $runningText",
            latest.firstOrNull()?.let { "latest: $it" } ?: "").filter { it.isNotBlank() }.joinToString("  ")
        val html = buildString {
            append("<div class=\"hebbkit-progress\" style=\"font-family: sans-serif; font-size: 13px\">")
            append("<b>${Html.escape(title)}</b>: ${Html.escape(state)}")
            if (engine.isNotEmpty()) append(" <span style=\"color: #666\">(${Html.escape(engine)})</span>")
            append("<div style=\"background: #eee; width: 420px; height: 10px; margin: 4px 0\">")
            append(String.format(Locale.ROOT, "<div style=\"background: %s; width: %.1f%%; height: 10px\"></div></div>",
                if (summary != null) "#2a8" else "#48c", fraction * 100))
            if (rung.isNotEmpty()) append("${Html.escape(rung)}<br/>")
            if (runningText.isNotEmpty()) append("running: ${Html.escape(runningText)}<br/>")
            latest.forEach { append("${Html.escape(it)}<br/>") }
            append("</div>")
        }
        return ProgressView(html, text)
    }
}
