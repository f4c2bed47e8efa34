package org.hebbkit.notebook

import org.hebbkit.report.Html
import org.hebbkit.report.Renderable
import java.util.Locale
import org.hebbkit.train.TrainingEvents
import org.hebbkit.train.TrainingListener

/** One state of the live progress display: HTML for notebooks, a line of text for consoles. */
class ProgressView(private val htmlForm: String, private val textForm: String) : Renderable {
    override fun html(): String = htmlForm
    override fun text(): String = textForm
    override fun toString(): String = textForm
}

/** Where live progress goes: one display, shown once and then updated in place. */
interface ProgressDisplay {
    /** Shows the first state. */
    fun show(view: ProgressView)

    /** Replaces what [show] showed. */
    fun update(view: ProgressView)

    companion object {
        /** Shows nothing (plain JVM code, tests). */
        val NONE = object : ProgressDisplay {
            override fun show(view: ProgressView) {}
            override fun update(view: ProgressView) {}
        }
    }
}

/** A [ProgressDisplay] used as one output: the first view is shown, every later one replaces it. */
internal class InPlace(private val display: ProgressDisplay) {
    /** Whether the first view has been shown. */
    var shown = false
        private set

    /** Updates sent so far (after the first show). */
    var updates = 0
        private set

    /** Shows [view], or replaces what is shown with it. */
    fun put(view: ProgressView) {
        if (shown) {
            display.update(view)
            updates++
        } else {
            display.show(view)
            shown = true
        }
    }
}

/**
 * A [TrainingListener] that keeps one display up to date while a run trains: the stage, a progress bar,
 * images per second, the time left, the latest epoch's metrics and the stages done. Updates at most every
 * [minIntervalNanos] (and at every stage and epoch end), so a fast loop does not flood the notebook.
 */
class LiveProgress(
    private val display: ProgressDisplay,
    private val title: String,
    private val minIntervalNanos: Long = 500_000_000L,
    private val clock: () -> Long = System::nanoTime,
) : TrainingListener {

    private val output = InPlace(display)
    private var lastUpdate = Long.MIN_VALUE
    private var stage = "starting"
    private var epoch = 0
    private var epochs = 0
    private var fraction = 0.0
    private var imagesPerSecond = Double.NaN
    private var secondsLeft = Double.NaN
    private var latest: Map<String, Double> = emptyMap()
    private val done = mutableListOf<String>()
    private var finished = false

    /** Updates sent so far (after the first show). */
    val updates: Int get() = output.updates

    /** Shows the initial state (call before training). */
    fun start() = render(force = true)

    /** Shows the final state, with [summary] (e.g. the test accuracy). */
    fun finish(summary: String) {
        finished = true
        stage = summary
        fraction = 1.0
        render(force = true)
    }

    override fun stageStarted(event: TrainingEvents.StageStarted) {
        stage = event.stage()
        epoch = 1
        epochs = event.epochs()
        fraction = 0.0
        imagesPerSecond = Double.NaN
        secondsLeft = Double.NaN
        render(force = true)
    }

    override fun batchFinished(event: TrainingEvents.BatchFinished) {
        epoch = event.epoch()
        val total = epochs.toDouble() * event.batchesPerEpoch()
        val doneBatches = (event.epoch() - 1).toDouble() * event.batchesPerEpoch() + event.batch()
        fraction = if (total > 0) doneBatches / total else 0.0
        val imagesSoFar = (event.epoch() - 1).toDouble() * (event.images().toDouble() / event.batch() * event.batchesPerEpoch()) +
            event.images()
        if (event.seconds() > 0) {
            imagesPerSecond = imagesSoFar / event.seconds()
            secondsLeft = if (fraction > 0) event.seconds() * (1 - fraction) / fraction else Double.NaN
        }
        render(force = false)
    }

    override fun epochFinished(event: TrainingEvents.EpochFinished) {
        latest = event.scalars().filterKeys { it != "seconds" }
        render(force = true)
    }

    override fun stageFinished(event: TrainingEvents.StageFinished) {
        // a stage that did no work (restored from saved progress, an evaluate-only rerun) has no meaningful speed
        done += if (event.seconds() < 0.1) String.format(Locale.ROOT, "%s: %.1f s", event.stage(), event.seconds())
        else String.format(Locale.ROOT, "%s: %.1f s (%.0f img/s)", event.stage(), event.seconds(), event.imagesPerSecond())
        render(force = true)
    }

    private fun render(force: Boolean) {
        val now = clock()
        if (!force && output.shown && now - lastUpdate < minIntervalNanos) return
        lastUpdate = now
        output.put(view())
    }

    /** The current state as a view. */
    fun view(): ProgressView {
        val percent = (fraction * 100).coerceIn(0.0, 100.0)
        val speed = if (imagesPerSecond.isFinite()) String.format(Locale.ROOT, "%.0f img/s", imagesPerSecond) else ""
        val eta = if (secondsLeft.isFinite() && !finished) "ETA ${clock(secondsLeft)}" else ""
        val metrics = latest.entries.joinToString("  ") { (name, value) -> String.format(Locale.ROOT, "%s %.4g", name, value) }
        val epochText = if (epochs > 1 && !finished) " epoch $epoch/$epochs" else ""
        val text = listOf("$title: $stage$epochText", String.format(Locale.ROOT, "%.0f%%", percent), speed, eta, metrics)
            .filter { it.isNotBlank() }.joinToString("  ")
        val html = buildString {
            append("<div class=\"hebbkit-progress\" style=\"font-family: sans-serif; font-size: 13px\">")
            append("<b>${Html.escape(title)}</b>: ${Html.escape(stage + epochText)}")
            append("<div style=\"background: #eee; width: 420px; height: 10px; margin: 4px 0\">")
            append(String.format(Locale.ROOT, "<div style=\"background: %s; width: %.1f%%; height: 10px\"></div></div>",
                if (finished) "#2a8" else "#48c", percent))
            append(Html.escape(listOf(String.format(Locale.ROOT, "%.0f%%", percent), speed, eta).filter { it.isNotBlank() }
                .joinToString(" · ")))
            if (metrics.isNotEmpty()) append("<br/>latest: ${Html.escape(metrics)}")
            if (done.isNotEmpty()) append("<br/>done: ${Html.escape(done.joinToString("; "))}")
            append("</div>")
        }
        return ProgressView(html, text)
    }

    private fun clock(seconds: Double): String {
        val s = seconds.toLong()
        return if (s >= 3600) String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        else String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60)
    }
}
