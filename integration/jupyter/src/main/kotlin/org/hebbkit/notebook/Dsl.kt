package org.hebbkit.notebook

import org.hebbkit.model.BlockSpec
import org.hebbkit.model.ConvSpec
import org.hebbkit.model.Preset
import org.hebbkit.model.TrainingMode
import org.hebbkit.nn.Activation
import org.hebbkit.nn.Padding
import org.hebbkit.nn.Pooling
import org.hebbkit.nn.Preprocessing
import org.hebbkit.nn.Triangle
import org.hebbkit.nn.WeightInit
import org.hebbkit.nn.WeightMask
import org.hebbkit.rule.AdaptiveLearningRate
import org.hebbkit.rule.Competition
import org.hebbkit.rule.LearningRateSchedule
import org.hebbkit.rule.LearningRule
import org.hebbkit.rule.LinearResponse
import org.hebbkit.rule.Response
import org.hebbkit.rule.SoftHebbRule
import org.hebbkit.rule.SoftKrotov

/**
 * A network as a [Preset], in Kotlin, with named and default arguments instead of builders. Every default is
 * stated here and is the value of SoftHebb's first block (`softhebb-cifar10-1layer`), so a preset written with
 * them differs from the shipped one only where it says so:
 *
 * | setting | default | DSL |
 * |---|---|---|
 * | batch norm on the block's input | yes | `batchNorm = true` |
 * | learning rule | SoftHebb's | `rule = SoftHebbRule()` (or [hebbRule]) |
 * | competition | soft-Krotov, inverse temperature 1 | `competition = SoftKrotov(1.0)` |
 * | response | linear `u = W x` | `response = LinearResponse()` |
 * | learning rate | norm-adaptive, 0.08, power 0.5 | `learningRate = AdaptiveLearningRate(0.08, 0.5)` |
 * | activation | triangle, power 0.7 | `activation = Triangle(0.7)` |
 * | pooling | conv: average 4/2/1; linear: none | `pooling = avgPool(4, 2, 1)` / `null` |
 * | initial weights | normal, radius 25 | `init = WeightInit(WeightInit.Kind.NORMAL, 25.0)` |
 * | conv padding | reflect | `conv(..., paddingMode = Padding.REFLECT)` |
 * | Hebbian training | successive, 1 epoch per block, batches of 10 | `unsupervised(mode = "successive", epochs = 1, batchSize = 10)` |
 * | readout | linear probe: 50 epochs, batch 64, Adam 1e-3, dropout 0.5, rate halved at 20, 35, 50 ... 90 % | `probe(...)` or `ridge()` |
 *
 * `softhebb-mnist-1layer` exactly (the test `DslTest` checks it against `Hebb.network(preset)` block by block):
 *
 * ```kotlin
 * val preset = hebbianNetwork(name = "softhebb-mnist-1layer", dataset = "mnist", input = listOf(1, 28, 28)) {
 *     conv(96, kernel = 5, padding = 2)        // every other setting: the defaults above
 *     unsupervised(epochs = 3)                 // the MNIST preset trains 3 Hebbian epochs, not 1
 * }
 * Hebb.train(preset, limit = 5000)             // or Hebb.train(preset, hebbianEpochs = 5) to override the epochs
 * ```
 */
fun hebbianNetwork(name: String = "custom", dataset: String = "cifar-10", input: List<Int> = listOf(3, 32, 32),
    description: String = "built with hebbianNetwork { }", reference: String = "",
    build: NetworkBuilder.() -> Unit): Preset = NetworkBuilder(name, dataset, input, description, reference).apply(build).build()

/** Builds the blocks, unsupervised training and readout of [hebbianNetwork]. */
class NetworkBuilder internal constructor(private val name: String, private val dataset: String, private val input: List<Int>,
    private val description: String, private val reference: String) {
    private val blocks = mutableListOf<BlockSpec>()
    private var unsupervised = Preset.UnsupervisedSpec(TrainingMode.SUCCESSIVE, 1, 10, 0)
    private var probe = Preset.ProbeSpec(50, 64, 1e-3, 0.5, listOf(0.2, 0.35, 0.5, 0.6, 0.7, 0.8, 0.9), 1000)
    private var readout = Preset.Readout.PROBE
    private var preprocessing: List<Preprocessing> = listOf()

    /** Fixed transforms of the images before the first block (e.g. `listOf(Grayscale(), Standardise())`). */
    fun preprocessing(vararg steps: Preprocessing) {
        preprocessing = steps.toList()
    }

    /** A convolutional block; pooling defaults to SoftHebb's block 1, `avgPool(4, 2, 1)` (set `pooling = null` for none). */
    fun conv(channels: Int, kernel: Int, stride: Int = 1, padding: Int = 0, paddingMode: Padding = Padding.REFLECT,
        dilation: Int = 1, groups: Int = 1, configure: BlockBuilder.() -> Unit = {}) {
        blocks += BlockBuilder(channels, ConvSpec(kernel, stride, padding, paddingMode, dilation, groups))
            .apply { pooling = avgPool(4, 2, 1) }.apply(configure).build()
    }

    /** A fully connected block (flattens its input). */
    fun linear(units: Int, configure: BlockBuilder.() -> Unit = {}) {
        blocks += BlockBuilder(units, null).apply(configure).build()
    }

    /**
     * How the blocks learn (the Hebbian, unsupervised stage): `successive` (block by block), `consecutive` or
     * `simultaneous`; [epochs] Hebbian epochs (per block in successive mode; default 1, SoftHebb's CIFAR-10 recipe;
     * the MNIST presets train 3); images per update; [burnInBatches] first batches that only adapt thresholds.
     */
    fun unsupervised(mode: String = "successive", epochs: Int = 1, batchSize: Int = 10, burnInBatches: Int = 0) {
        unsupervised = Preset.UnsupervisedSpec(TrainingMode.parse(mode), epochs, batchSize, burnInBatches)
    }

    /** The linear probe (SoftHebb's: dropout, Adam, the rate halved at the milestones). */
    fun probe(epochs: Int = 50, batchSize: Int = 64, learningRate: Double = 1e-3, dropout: Double = 0.5,
        milestones: List<Double> = listOf(0.2, 0.35, 0.5, 0.6, 0.7, 0.8, 0.9)) {
        probe = Preset.ProbeSpec(epochs, batchSize, learningRate, dropout, milestones, 1000)
        readout = Preset.Readout.PROBE
    }

    /** A closed-form ridge readout instead of the probe. */
    fun ridge() {
        readout = Preset.Readout.RIDGE
    }

    internal fun build(): Preset {
        require(blocks.isNotEmpty()) { "a network needs at least one block: call conv(...) or linear(...)" }
        return Preset(name, description, reference, dataset, input, preprocessing, blocks.toList(), Preset.Training.HEBBIAN,
            unsupervised, probe, readout)
    }
}

/** One block's settings; every property has the default of SoftHebb's first block (the table at [hebbianNetwork]). */
class BlockBuilder internal constructor(private val channels: Int, private val conv: ConvSpec?) {
    var batchNorm: Boolean = true
    var rule: LearningRule = SoftHebbRule()
    var competition: Competition = SoftKrotov(1.0)
    var response: Response = LinearResponse()
    var learningRate: LearningRateSchedule = AdaptiveLearningRate(0.08, 0.5)
    var normaliseUpdate: Boolean = true
    var renormalise: Boolean = false
    var preTriangle: Boolean = false
    var activation: Activation = Triangle(0.7)
    var pooling: Pooling? = null
    var init: WeightInit = WeightInit(WeightInit.Kind.NORMAL, 25.0)
    var inputTransforms: List<Preprocessing> = listOf()
    var mask: WeightMask? = null

    internal fun build(): BlockSpec = BlockSpec(BlockSpec.Input(inputTransforms, batchNorm),
        BlockSpec.Layer(channels, conv, init, mask), BlockSpec.Activity(response, preTriangle, competition),
        BlockSpec.Plasticity(rule, learningRate, normaliseUpdate, renormalise), BlockSpec.Output(activation, pooling))
}

/** Max pooling with the kernel, stride and padding. */
fun maxPool(kernel: Int, stride: Int, padding: Int = 0) = Pooling(Pooling.Kind.MAX, kernel, stride, padding)

/** Average pooling with the kernel, stride and padding. */
fun avgPool(kernel: Int, stride: Int, padding: Int = 0) = Pooling(Pooling.Kind.AVG, kernel, stride, padding)
