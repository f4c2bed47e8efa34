package org.hebbkit.report

import org.hebbkit.model.HebbianNetwork
import org.hebbkit.viz.UnitImages

/**
 * A network's units as captioned pictures: the first layer's filters ([UnitImages.firstLayer]) and the
 * receptive fields in pixel space of every conv layer `L >= 2` of the leading conv blocks
 * ([UnitImages.receptiveFields]). Drawn once, when made: the grids outlive the network.
 *
 * ```kotlin
 * val grids = UnitGrids.of(network)
 * grids.filters?.png()             // layer 1's weights as PNG bytes
 * grids.receptiveFields[2]?.image  // layer 2's receptive fields
 * ```
 */
class UnitGrids(
    /** Layer 1's filters, or `null` for a fully connected first layer over a non-square input. */
    val filters: ImageGrid?,
    /** Layer number (counting from 1) to its receptive fields, in layer order; empty with fewer than 2 conv blocks. */
    val receptiveFields: Map<Int, ImageGrid>,
) : Renderable {

    /** Every grid, layer order. */
    val all: List<ImageGrid> get() = listOfNotNull(filters) + receptiveFields.values

    override fun html(): String = ImageGrids(all).html()

    override fun text(): String = ImageGrids(all).text()

    override fun toString(): String = text()

    companion object {

        /** The first layer's filters and the receptive fields of conv layers 2 and up. */
        @JvmStatic
        fun of(network: HebbianNetwork): UnitGrids = UnitGrids(firstLayer(network), receptiveFields(network))

        /** The first layer's weights as a grid, or `null` for a fully connected layer over a non-square input. */
        @JvmStatic
        fun firstLayer(network: HebbianNetwork): ImageGrid? = UnitImages.firstLayer(network)?.let {
            val layer = network.blocks()[0].layer()
            // a conv layer is drawn whole, a dense one by its first 100 units (UnitImages.firstLayer)
            val units = if (layer.weight().shape.dimension() == 4) "${layer.neurons()} units"
                else "first ${minOf(100, layer.neurons())} of ${layer.neurons()} units"
            ImageGrid("Layer 1 filters", it, "$units, each tile scaled to its own range")
        }

        /** Layer number (from 2) to the grid of its units' receptive fields in pixel space. */
        @JvmStatic
        fun receptiveFields(network: HebbianNetwork): Map<Int, ImageGrid> =
            UnitImages.receptiveFields(network).mapValues { (layer, image) ->
                ImageGrid("Layer $layer receptive fields", image,
                    "first ${minOf(UnitImages.MAX_UNITS, network.blocks()[layer - 1].layer().neurons())} units, in pixel space")
            }
    }
}
