package org.hebbkit.notebook

import ai.djl.ndarray.NDManager
import ai.djl.ndarray.types.DataType
import ai.djl.ndarray.types.Shape
import org.hebbkit.model.HebbianNetwork
import org.jetbrains.kotlinx.multik.api.mk
import org.jetbrains.kotlinx.multik.api.ndarray
import org.jetbrains.kotlinx.multik.ndarray.data.DN
import org.jetbrains.kotlinx.multik.ndarray.data.Dimension
import org.jetbrains.kotlinx.multik.ndarray.data.NDArray
import org.jetbrains.kotlinx.multik.ndarray.operations.toList

/**
 * Multik interop (multik 0.2.3): the library's arrays (weights, activations, features) as Multik arrays of
 * floats and back. Values are copied; the shape is kept.
 *
 * ```kotlin
 * val w = run.network.weightsAsMultik(layer = 1)    // [96, 3, 5, 5]
 * ```
 */
fun ai.djl.ndarray.NDArray.toMultik(): NDArray<Float, DN> {
    val values = toType(DataType.FLOAT32, false).toFloatArray()
    val dims = shape.shape.map { Math.toIntExact(it) }
    return when (dims.size) {
        0 -> mk.ndarray(values).reshape(1).asDNArray()
        1 -> mk.ndarray(values).asDNArray()
        2 -> mk.ndarray(values, dims[0], dims[1]).asDNArray()
        3 -> mk.ndarray(values, dims[0], dims[1], dims[2]).asDNArray()
        4 -> mk.ndarray(values, dims[0], dims[1], dims[2], dims[3]).asDNArray()
        else -> mk.ndarray(values, dims[0], dims[1], dims[2], dims[3], dims[4], *dims.drop(5).toIntArray())
    }
}

/** A Multik array of floats as a DJL array on [manager], same shape. */
fun <D : Dimension> NDArray<Float, D>.toDjl(manager: NDManager): ai.djl.ndarray.NDArray =
    manager.create(flatten().toList().toFloatArray(), Shape(*shape.map { it.toLong() }.toLongArray()))

/**
 * A layer's weights as a Multik array, in their natural shape (`[O, C, k, k]` for a conv layer).
 *
 * @param layer counting from 1
 */
fun HebbianNetwork.weightsAsMultik(layer: Int): NDArray<Float, DN> {
    require(layer in 1..blocks().size) { "layer must be in 1..${blocks().size}, got $layer" }
    return blocks()[layer - 1].layer().weight().toMultik()
}
