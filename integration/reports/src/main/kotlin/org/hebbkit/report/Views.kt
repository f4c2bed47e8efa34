package org.hebbkit.report

import java.awt.Color
import java.awt.Font
import java.awt.RenderingHints
import java.awt.image.BufferedImage
import java.util.Locale
import org.hebbkit.datasets.ImageSplit
import org.hebbkit.model.Components
import org.hebbkit.model.Configs
import org.hebbkit.model.HebbianNetwork
import org.hebbkit.nn.HebbianConv2d
import org.hebbkit.train.LayerMetrics
import org.hebbkit.viz.UnitImages

/** Something a notebook shows as HTML, with a short text form for consoles and `text/plain`. */
interface Renderable {
    /** The HTML form (self-contained: inline SVG and PNG, no script). */
    fun html(): String

    /** The text form. */
    fun text(): String
}

/** An image with a caption: filters, receptive fields, sample grids. */
class ImageGrid(val title: String, val image: BufferedImage, private val description: String) : Renderable {
    override fun html(): String =
        "<figure class=\"hebbkit-grid\"><figcaption style=\"font-family: sans-serif; font-weight: bold\">" +
            "${Html.escape(title)}</figcaption>${Html.image(image, title)}</figure>"

    override fun text(): String = "$title (${image.width} x ${image.height} px): $description"

    /** The image as PNG bytes. */
    fun png(): ByteArray = UnitImages.png(image)

    override fun toString(): String = text()
}

/** Several grids shown together. */
class ImageGrids(val grids: List<ImageGrid>) : Renderable {
    override fun html(): String = grids.joinToString("\n") { it.html() }
    override fun text(): String = grids.joinToString("\n") { it.text() }
    override fun toString(): String = text()
}

/**
 * A network as a table: per block its layer (conv geometry or dense), input and output shapes, rule,
 * competition, learning rate, activation, pooling and weight count.
 */
class NetworkView(private val network: HebbianNetwork) : Renderable {

    private val header = listOf("block", "layer", "input", "output", "rule", "competition", "learning rate", "activation",
        "pooling", "weights")

    /** The table's rows, one per block. */
    fun rows(): List<List<String>> {
        var shape = network.blockInputShape()
        return network.blocks().mapIndexed { b, block ->
            val layer = block.layer()
            val input = shape
            shape = block.outputShape(shape)
            val weight = layer.weight().shape
            val kind = if (layer is HebbianConv2d) {
                "conv ${weight[0]} x ${weight[2]}x${weight[3]}" + (if (block.inputNorm() != null) ", batch norm" else "")
            } else {
                "dense ${weight[0]}" + (if (block.inputNorm() != null) ", batch norm" else "")
            }
            listOf("${b + 1}", kind, dims(input), dims(shape), component(layer.rule()), component(layer.competition()),
                component(layer.learningRate()), component(block.activation()),
                block.pooling()?.let { "${it.kind().name.lowercase()} ${it.kernel()}/${it.stride()}/${it.padding()}" } ?: "-",
                "%,d".format(weight.size()))
        }
    }

    /** The table as plain values: it outlives the network (a report drawn before the network is closed). */
    fun table(): Table {
        val name = network.preset()?.name() ?: "network of hand-built blocks"
        return Table(header, rows(), "$name: ${dims(network.inputShape())} -> ${network.featureCount()} features")
    }

    override fun html(): String = table().html()

    override fun text(): String = Html.textTable(header, rows())

    override fun toString(): String = text()

    private fun dims(shape: ai.djl.ndarray.types.Shape) = shape.shape.joinToString(" x ")

    companion object {
        /** `type(param=value, ...)` for a registered component, e.g. `soft-krotov(temperatureInverse=1.0)`. */
        fun component(value: Any): String {
            val type = runCatching { Components.typeOf(value) }.getOrNull() ?: return value.toString()
            val tree = Configs.toTree(value).asJsonObject
            val parameters = tree.entrySet().filter { it.key != "type" }.joinToString(", ") { "${it.key}=${it.value}" }
            return if (parameters.isEmpty()) type else "$type($parameters)"
        }
    }
}

/**
 * The metrics of each layer after training as a table: mean weight radius, fraction of neurons at radius 1,
 * unit convergence, mean learning rate and win entropy (see [LayerMetric]).
 */
class LayerMetricsView(private val layers: List<LayerMetrics>) : Renderable {

    private val header = listOf("layer", "mean radius", "at radius 1", "unit convergence", "learning rate", "win entropy (bits)")

    /** One row per layer, formatted as shown. */
    fun rows(): List<List<String>> = layers.map {
        listOf("${it.layer() + 1}", "%.3f".format(Locale.ROOT, it.meanRadius()),
            "%.1f %%".format(Locale.ROOT, it.fractionConverged() * 100), "%.1f %%".format(Locale.ROOT, it.unitConvergence() * 100),
            "%.3g".format(Locale.ROOT, it.meanLearningRate()), "%.2f".format(Locale.ROOT, it.winEntropyBits()))
    }

    /** The table with its caption, "Layers after training". */
    fun table(): Table = Table(header, rows(), "Layers after training")

    override fun html(): String = table().html()

    override fun text(): String = Html.textTable(header, rows())

    override fun toString(): String = text()
}

/** A grid of a dataset's first images with their class names. */
class DatasetView(val split: ImageSplit, private val count: Int = 32) : Renderable {

    /** The grid: up to [count] images, 8 per row, each labelled. */
    fun image(): BufferedImage {
        val n = minOf(count, split.size())
        val columns = minOf(8, n)
        val rows = (n + columns - 1) / columns
        val scale = if (split.height() <= 32) 3 else 1
        val tileWidth = split.width() * scale
        val tileHeight = split.height() * scale + 14
        val image = BufferedImage(columns * (tileWidth + 4) + 4, rows * (tileHeight + 4) + 4, BufferedImage.TYPE_INT_RGB)
        val graphics = image.createGraphics()
        graphics.color = Color.WHITE
        graphics.fillRect(0, 0, image.width, image.height)
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON)
        graphics.font = Font(Font.SANS_SERIF, Font.PLAIN, 10)
        for (i in 0 until n) {
            val left = 4 + (i % columns) * (tileWidth + 4)
            val top = 4 + (i / columns) * (tileHeight + 4)
            for (y in 0 until split.height()) {
                for (x in 0 until split.width()) {
                    val r = split.pixel(i, 0, y, x)
                    val g = if (split.channels() == 3) split.pixel(i, 1, y, x) else r
                    val b = if (split.channels() == 3) split.pixel(i, 2, y, x) else r
                    graphics.color = Color(r, g, b)
                    graphics.fillRect(left + x * scale, top + y * scale, scale, scale)
                }
            }
            graphics.color = Color.DARK_GRAY
            graphics.drawString(split.classNames()[split.label(i)].take(12), left, top + split.height() * scale + 11)
        }
        graphics.dispose()
        return image
    }

    override fun html(): String = ImageGrid("${split.name()}: first ${minOf(count, split.size())} of ${"%,d".format(split.size())} images",
        image(), "").html()

    override fun text(): String = "${split.name()}: ${"%,d".format(split.size())} images ${split.channels()} x " +
        "${split.height()} x ${split.width()}, classes ${split.classNames().joinToString(", ")}"

    override fun toString(): String = text()
}
