package org.hebbkit.report

import org.hebbkit.train.HistoryRecorder
import org.hebbkit.train.LayerMetrics
import org.hebbkit.train.TrainingEvents
import org.jetbrains.letsPlot.Figure
import org.jetbrains.letsPlot.geom.geomBar
import org.jetbrains.letsPlot.geom.geomLine
import org.jetbrains.letsPlot.geom.geomPoint
import org.jetbrains.letsPlot.ggsize
import org.jetbrains.letsPlot.intern.Scale
import org.jetbrains.letsPlot.label.ggtitle
import org.jetbrains.letsPlot.label.labs
import org.jetbrains.letsPlot.letsPlot
import org.jetbrains.letsPlot.scale.scaleXContinuous
import org.jetbrains.letsPlot.scale.scaleYContinuous

/**
 * One Lets-Plot chart with its title. In a notebook it renders as inline SVG (self-contained: it shows
 * offline and survives `nbconvert --to html`); [svg] and [Export.png] export it headless.
 */
class Chart(val title: String, val figure: Figure) : Renderable {

    /** The chart as an SVG document. */
    val svg: String by lazy { Export.svg(figure) }

    /** A `<figure>` with the SVG inline. */
    override fun html(): String = "<figure class=\"hebbkit-chart\" title=\"${Html.escape(title)}\">$svg</figure>"

    override fun text(): String = "Chart($title)"

    override fun toString(): String = text()
}

/** Several charts shown together (a run's history). */
class ChartSet(val charts: List<Chart>) : Renderable {

    override fun html(): String = if (charts.isEmpty()) "<p>(no epochs recorded yet)</p>" else charts.joinToString("\n") { it.html() }

    override fun toString(): String = text()

    override fun text(): String =
        if (charts.isEmpty()) "no charts (no epochs recorded yet)" else charts.joinToString("\n") { "chart: ${it.title}" }
}

/** What a per-layer chart shows, read from each Hebbian epoch's [LayerMetrics]. */
enum class LayerMetric(val label: String, val value: (LayerMetrics) -> Double, val range: Pair<Double, Double>? = null) {
    /** Mean of `||w_i||`: SoftHebb's weights converge to radius 1. */
    RADIUS("mean weight radius", { it.meanRadius() }),
    /** Fraction of neurons with `| ||w_i|| - 1 | < 0.01`, drawn from 0 to 1. */
    CONVERGED("fraction of neurons at radius 1", { it.fractionConverged() }, 0.0 to 1.0),
    /** PyTorch-Hebbian's unit convergence: fraction of units with `| sum |w|^p - 1 | < 0.1`, drawn from 0 to 1. */
    UNIT_CONVERGENCE("unit convergence", { it.unitConvergence() }, 0.0 to 1.0),
    /** Mean learning rate of the neurons. */
    LEARNING_RATE("mean learning rate", { it.meanLearningRate() }),
    /** Entropy of the neurons' shares of wins, in bits (log2 of the neurons when all win equally). */
    WIN_ENTROPY("win entropy (bits)", { it.winEntropyBits() }),
}

/**
 * The charts of a training run, read from its [HistoryRecorder]: the readout's accuracy and loss per epoch
 * (train and test), and per layer the weight radius, convergence, learning rate and win entropy after each
 * Hebbian epoch; and a histogram of a layer's win shares.
 */
object Charts {

    private const val WIDTH = 560
    private const val HEIGHT = 300

    /** Every chart the history has data for: readout accuracy and loss, then one per [LayerMetric]. */
    fun all(history: HistoryRecorder): ChartSet =
        ChartSet(listOfNotNull(accuracy(history), loss(history)) + LayerMetric.values().mapNotNull { layers(history, it) })

    /** Train and test accuracy (%) per readout epoch (the probe, or backprop end to end); `null` before any. */
    fun accuracy(history: HistoryRecorder): Chart? =
        readoutChart(history, "accuracy", "accuracy (%)", 100.0, "Readout accuracy per epoch")

    /** Train and test loss per readout epoch; `null` before any. */
    fun loss(history: HistoryRecorder): Chart? = readoutChart(history, "loss", "cross-entropy loss", 1.0, "Readout loss per epoch")

    private fun readoutChart(history: HistoryRecorder, what: String, axis: String, scale: Double, title: String): Chart? {
        val epochs = history.epochs().filter { it.stage() == "probe" || it.stage() == "backprop" }
        val x = mutableListOf<Int>()
        val y = mutableListOf<Double>()
        val series = mutableListOf<String>()
        for (event in epochs) {
            for (split in listOf("train", "test")) {
                val value = event.scalars()["${split}_$what"] ?: continue
                if (value.isFinite()) {
                    x += event.epoch()
                    y += value * scale
                    series += split
                }
            }
        }
        if (x.isEmpty()) return null
        val data = mapOf("epoch" to x, axis to y, "split" to series)
        return Chart(title, letsPlot(data) + geomLine { this.x = "epoch"; this.y = axis; color = "split" } +
            geomPoint(size = 2.0) { this.x = "epoch"; this.y = axis; color = "split" } +
            epochAxis(x) + valueAxis(y, null) + ggtitle(title) + labs(x = "epoch", y = axis) + ggsize(WIDTH, HEIGHT))
    }

    /**
     * One line per layer: the metric after each Hebbian epoch, numbered across the run's Hebbian stages (in
     * successive mode, block 2's first epoch follows block 1's last). `null` before any Hebbian epoch.
     */
    fun layers(history: HistoryRecorder, metric: LayerMetric): Chart? {
        val events: List<TrainingEvents.EpochFinished> = history.epochs().filter { it.stage().startsWith("hebbian") }
        val x = mutableListOf<Int>()
        val y = mutableListOf<Double>()
        val layer = mutableListOf<String>()
        events.forEachIndexed { index, event ->
            for (metrics in event.layers()) {
                val value = metric.value(metrics)
                if (value.isFinite()) {
                    x += index + 1
                    y += value
                    layer += "layer ${metrics.layer() + 1}"
                }
            }
        }
        if (x.isEmpty()) return null
        val title = "${metric.label.replaceFirstChar { it.uppercase() }} per Hebbian epoch"
        val data = mapOf("Hebbian epoch" to x, metric.label to y, "layer" to layer)
        return Chart(title, letsPlot(data) + geomLine { this.x = "Hebbian epoch"; this.y = metric.label; color = "layer" } +
            geomPoint(size = 3.0) { this.x = "Hebbian epoch"; this.y = metric.label; color = "layer" } +
            epochAxis(x) + valueAxis(y, metric.range) + ggtitle(title) + labs(x = "Hebbian epoch (all stages)", y = metric.label) +
            ggsize(WIDTH, HEIGHT))
    }

    /**
     * The value axis: a metric's own [range] when it has one (fractions: 0 to 1), else Lets-Plot's, except when every
     * value is the same (an all-zero metric would be drawn on a -0.4 to 0.4 axis): then from 0 (or the value) upwards.
     */
    private fun valueAxis(values: List<Double>, range: Pair<Double, Double>?): Scale? {
        if (range != null) return scaleYContinuous(limits = range.first to range.second)
        val low = values.min()
        val high = values.max()
        if (high > low) return null
        return when {
            low == 0.0 -> scaleYContinuous(limits = 0.0 to 1.0)
            low > 0 -> scaleYContinuous(limits = 0.0 to low * 2)
            else -> scaleYContinuous(limits = low * 2 to 0.0)
        }
    }

    /** No scale: the plot as it is. */
    private operator fun org.jetbrains.letsPlot.intern.Plot.plus(scale: Scale?): org.jetbrains.letsPlot.intern.Plot =
        if (scale == null) this else this.plus(scale as org.jetbrains.letsPlot.intern.Feature)

    /** Epochs are whole numbers: ticks at integers (at most about 10 of them), no `1.5`. */
    private fun epochAxis(epochs: List<Int>): Scale {
        val last = epochs.max()
        val step = maxOf(1, (last + 9) / 10)
        return scaleXContinuous(breaks = (1..last step step).toList(), format = "d")
    }

    /** A histogram of a layer's win shares: how many neurons win how often (dead units pile up at 0). */
    fun winShares(metrics: LayerMetrics): Chart {
        val shares = metrics.winFractions().map { it * 100.0 }
        val title = "Layer ${metrics.layer() + 1}: share of positions each neuron won"
        val data = mapOf("wins (% of positions)" to shares)
        return Chart(title, letsPlot(data) + geomBar(stat = org.jetbrains.letsPlot.Stat.bin(bins = 30)) {
            x = "wins (% of positions)"
        } + ggtitle(title) + labs(x = "wins (% of positions)", y = "neurons") + ggsize(WIDTH, HEIGHT))
    }
}
