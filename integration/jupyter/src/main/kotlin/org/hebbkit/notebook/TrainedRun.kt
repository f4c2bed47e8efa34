package org.hebbkit.notebook

import org.hebbkit.report.Chart
import org.hebbkit.report.ChartSet
import org.hebbkit.report.Charts
import org.hebbkit.report.Html
import org.hebbkit.report.ImageGrid
import org.hebbkit.report.LayerMetricsView
import org.hebbkit.report.Renderable
import org.hebbkit.report.RunReport
import org.hebbkit.report.UnitGrids
import com.google.gson.JsonObject
import java.nio.file.Path
import java.util.Locale
import org.hebbkit.datasets.ImageSplit
import org.hebbkit.model.HebbianNetwork
import org.hebbkit.model.LinearReadout
import org.hebbkit.model.Preset
import org.hebbkit.model.Provenance
import org.hebbkit.train.LayerMetrics
import org.hebbkit.train.PresetRun
import org.hebbkit.train.RunSpec
import org.hebbkit.viz.UnitImages

/**
 * A finished training run in a notebook: the preset, the trained network and readout, the history, the data.
 * Renders as a summary (accuracy, per-layer metrics, the history charts, the first layer's filters). Close it
 * (or the notebook's kernel) to free the network.
 */
class TrainedRun(
    override val preset: Preset,
    val result: PresetRun.Result,
    val train: ImageSplit,
    val test: ImageSplit,
    /** Wall time of the run, seconds (of this call only, when it continued saved progress). */
    val seconds: Double,
    /** Where saved progress stood when this run continued it (`"after probe epoch 50"`), `null` for a fresh run. */
    val continuedFrom: String? = null,
    /** The run as it was asked for ([RunSpec]: the preset as given, seed, limits, mode, readout, device), when known. */
    val spec: RunSpec? = null,
) : Model {

    /** The trained network. */
    override val network: HebbianNetwork get() = result.network()

    /** The trained readout. */
    override val readout: LinearReadout get() = result.readout()

    /** Accuracy on the test images, a fraction in [0, 1] (shown as [testAccuracyPercent]). */
    val testAccuracy: Double get() = result.testAccuracy()

    /** Accuracy on the test images in percent, as the run's display shows it (`90.10`). */
    val testAccuracyPercent: Double get() = testAccuracy * 100

    /** Accuracy on the training images, a fraction in [0, 1] (shown as [trainAccuracyPercent]). */
    val trainAccuracy: Double get() = result.trainAccuracy()

    /** Accuracy on the training images in percent. */
    val trainAccuracyPercent: Double get() = trainAccuracy * 100

    /**
     * The layers that have not converged (rules that drive weights to radius 1: SoftHebb's, Oja's), each with what
     * to try; the run's display shows them as a warning.
     */
    val convergenceWarnings: List<ConvergenceWarning> get() = Models.convergenceWarnings(preset, layers)

    override fun save(directory: String): SavedModel {
        val metadata = JsonObject()
        metadata.addProperty("dataset", train.name())
        metadata.addProperty("trainingImages", train.size())
        metadata.addProperty("testImages", test.size())
        metadata.addProperty("testAccuracy", testAccuracy)
        metadata.addProperty("trainAccuracy", trainAccuracy)
        return Models.save(network, readout, Path.of(directory), metadata)
    }

    /** Metrics of each layer after training. */
    val layers: List<LayerMetrics> get() = result.layers()

    /** The history charts: readout accuracy and loss per epoch, per-layer radius, convergence, rate, entropy. */
    fun history(): ChartSet = Charts.all(result.history())

    /**
     * A layer's units as pictures: the first layer's weights (RGB tiles for colour images), or for a conv layer
     * `L >= 2` its receptive fields in pixel space (Miconi's method).
     *
     * @param layer counting from 1
     */
    override fun filters(layer: Int): ImageGrid = Models.filters(network, layer)

    /**
     * The first layer's filters sorted by how close their weight radius `||w_i||` is to 1, the neurons at radius
     * 1 (within [tolerance]) first and framed in green: SoftHebb's weights converge to the unit sphere, and the
     * filters that got there look like edges and colour blobs while the others still show their random start.
     */
    fun filtersByRadius(tolerance: Double = 0.01): ImageGrid {
        val layer = network.blocks()[0].layer()
        val shape = layer.weight().shape
        require(shape.dimension() == 4) { "filtersByRadius needs a conv first layer, this one has weights of shape $shape" }
        val units = shape[0].toInt()
        val perUnit = (shape.size() / units).toInt()
        val weights = network.newScope().use { layer.weight().toFloatArray() }
        val radii = DoubleArray(units) { u -> Math.sqrt((0 until perUnit).sumOf { i -> weights[u * perUnit + i].toDouble().let { it * it } }) }
        val order = (0 until units).sortedBy { Math.abs(radii[it] - 1) }
        val sorted = FloatArray(weights.size)
        order.forEachIndexed { position, unit -> System.arraycopy(weights, unit * perUnit, sorted, position * perUnit, perUnit) }
        val marked = BooleanArray(units) { Math.abs(radii[order[it]] - 1) < tolerance }
        val converged = marked.count { it }
        val image = UnitImages.grid(sorted, units, shape[1].toInt(), shape[2].toInt(), 6, UnitImages.Scaling.MIN_MAX, marked)
        return ImageGrid("Layer 1 filters by weight radius: $converged of $units at radius 1 (framed)", image,
            "sorted by | ||w|| - 1 |, radii ${"%.3f".format(radii.minOrNull())} to ${"%.3f".format(radii.maxOrNull())}")
    }

    /** A histogram of a layer's win shares after training. */
    fun winShares(layer: Int = 1): Chart = Charts.winShares(layers[layer - 1])

    /**
     * The run as one self-contained HTML page, the page `hebbkit train` writes as `report.html`: write it with
     * [RunReport.write]. Draws the unit pictures now; the report outlives the network.
     */
    fun report(): RunReport = RunReport.of(preset, result, seconds,
        RunReport.settings(spec ?: RunSpec.builder().setPreset(preset).build(), train.name(), train.size(), test.size()),
        UnitGrids.of(network).all, RunReport.provenance(Provenance.current(network.manager().engine), null))

    override fun html(): String = buildString {
        append("<div class=\"hebbkit-run\"><h3 style=\"font-family: sans-serif\">${Html.escape(preset.name())}: test accuracy ")
        append("%.2f %%".format(testAccuracy * 100))
        append("</h3><p style=\"font-family: sans-serif\">train accuracy ${"%.2f %%".format(trainAccuracy * 100)}, ")
        append("${"%,d".format(train.size())} training and ${"%,d".format(test.size())} test images, ")
        append("wall time ${"%.1f".format(seconds)} s")
        continuedFrom?.let { append(" (continued from saved progress, ${Html.escape(it)})") }
        append("</p>")
        convergenceWarnings.forEach {
            append("<p class=\"hebbkit-warning\" style=\"font-family: sans-serif; color: #8a4b00; background: #fff4e0; ")
            append("padding: 4px 8px; border-left: 4px solid #e69500\">&#9888; ${Html.escape(it.message)}</p>")
        }
        append(LayerMetricsView(layers).html())
        append(history().html())
        runCatching { filters(1) }.getOrNull()?.let { append(it.html()) }
        append("</div>")
    }

    override fun text(): String = "${preset.name()}: test accuracy ${"%.2f %%".format(testAccuracy * 100)}, train " +
        "${"%.2f %%".format(trainAccuracy * 100)}, ${"%.1f".format(seconds)} s" +
        (continuedFrom?.let { " (continued from saved progress, $it)" } ?: "") + "\n" +
        convergenceWarnings.joinToString("") { "warning: ${it.message}\n" } + LayerMetricsView(layers).text()

    override fun toString(): String = text()

    override fun close() = network.close()
}
