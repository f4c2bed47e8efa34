package org.hebbkit.notebook

import ai.djl.ndarray.NDArray
import java.util.Locale
import java.util.concurrent.ConcurrentHashMap
import org.hebbkit.model.BlockSpec
import org.hebbkit.model.Component
import org.hebbkit.model.Components
import org.hebbkit.model.Preset
import org.hebbkit.rule.HebbianTerms
import org.hebbkit.rule.LearningRule
import org.hebbkit.rule.RuleState

/**
 * A learning rule from a notebook cell, in a few lines. Every rule of HebbKit computes the weight change
 * `dW = a x^T - s * W` of a layer with weights `W [O, I]` (O neurons, I inputs) from two terms the rule gives:
 * the modulation `a [O, N]` and the decay `s [O, 1]` (or none), for a batch of N columns (images, or patch
 * positions of a conv layer). The lambda receives the neurons' response `u = W x` and their post-synaptic activity
 * `y` (after the layer's competition), both `[O, N]`, and returns [RuleScope.terms]; the layer multiplies by `x^T`,
 * subtracts `s * W` and scales by its learning rate.
 *
 * ```kotlin
 * // Oja's rule: dW = y x^T - (sum_n y^2) W
 * val myOja = hebbRule("my-oja", formula = "dW = y x^T - sum(y^2) W") { u, y ->
 *     terms(modulation = y, decay = (y * y).sumOverBatch())
 * }
 * val net = hebbianNetwork(dataset = "mnist", input = listOf(1, 28, 28)) { conv(32, kernel = 5) { rule = myOja } }
 * ```
 *
 * The rule is used like any built-in one (the DSL's `rule = myOja`, `Hebb.train`) without registration. A saved
 * network names it `{"type": "notebook-rule", "name": "my-oja"}`; loading it in a kernel where no cell defined
 * `hebbRule("my-oja")` says so. Defining the same name again (a cell run twice) replaces the code.
 *
 * @param name the rule's name in saved networks, tables and messages: lower case letters, digits and dashes
 * @param formula one line describing the update, shown by `%hebb rules`
 * @param terms the rule: `(u, y) -> terms(modulation = a, decay = s)`
 */
fun hebbRule(name: String, formula: String = "defined in a notebook cell", terms: RuleScope.(u: NDArray, y: NDArray) -> HebbianTerms): LearningRule {
    require(NotebookRule.NAME.matches(name)) { "a rule's name must be lower case letters, digits and dashes (e.g. \"my-oja\"), got '$name'" }
    NotebookComponents.register()
    NotebookRule.define(name, formula, terms)
    return NotebookRule(name)
}

/** What a [hebbRule] lambda can call: the terms it returns, and the sum over a batch's columns. */
object RuleScope {
    /**
     * The rule's two terms.
     *
     * @param modulation `a`, `[O, N]`: how much of each column's input each neuron adds to its weights
     * @param decay `s`, `[O, 1]`: how much of its own weights each neuron loses; `null`: none
     */
    fun terms(modulation: NDArray, decay: NDArray? = null): HebbianTerms = HebbianTerms(modulation, decay)

    /** The sum over the batch's columns, kept as a column: `[O, N]` -> `[O, 1]` (the shape of a decay). */
    fun NDArray.sumOverBatch(): NDArray = sum(intArrayOf(1), true)

    /** Element-wise product, so a rule reads `y * y`. */
    operator fun NDArray.times(other: NDArray): NDArray = mul(other)

    /** Element-wise product with a number. */
    operator fun NDArray.times(factor: Number): NDArray = mul(factor)

    /** Element-wise difference. */
    operator fun NDArray.minus(other: NDArray): NDArray = sub(other)

    /** Element-wise sum. */
    operator fun NDArray.plus(other: NDArray): NDArray = add(other)
}

/**
 * A rule a notebook cell defined with [hebbRule]: a record of its [name] only, the code kept by name in this
 * kernel. Registered as the component `notebook-rule` ([NotebookComponents]), so presets and checkpoints name it
 * `{"type": "notebook-rule", "name": "my-oja"}`.
 */
@JvmRecord
data class NotebookRule(val name: String) : LearningRule {

    init {
        require(definitions.containsKey(name)) {
            "the learning rule '$name' was defined in a notebook cell (hebbRule(\"$name\") { u, y -> ... }) and its code is not " +
                "in this kernel: run the cell that defines it, then try again"
        }
    }

    override fun terms(pre: NDArray, post: NDArray, state: RuleState): HebbianTerms {
        val definition = definitions[name] ?: throw IllegalStateException("the learning rule '$name' is no longer defined")
        return definition.terms(RuleScope, pre, post)
    }

    override fun toString(): String = "hebbRule(\"$name\")"

    internal class Definition(val formula: String, val terms: RuleScope.(NDArray, NDArray) -> HebbianTerms)

    companion object {
        internal val NAME = Regex("[a-z][a-z0-9-]*")
        private val definitions = ConcurrentHashMap<String, Definition>()

        internal fun define(name: String, formula: String, terms: RuleScope.(NDArray, NDArray) -> HebbianTerms) {
            definitions[name] = Definition(formula, terms)
        }

        /** Each name [hebbRule] defined in this kernel, with its formula. */
        @JvmStatic
        fun defined(): Map<String, String> = definitions.toSortedMap().mapValues { it.value.formula }
    }
}

/**
 * Registers [NotebookRule] as the component `notebook-rule`: when the notebook integration loads, when [hebbRule]
 * defines a rule and before [Hebb.load], so notebooks know it while the command line, which has no cells, does not
 * list it.
 */
object NotebookComponents {
    private val component = Component(LearningRule::class.java, "notebook-rule", NotebookRule::class.java,
        "a rule defined in a notebook cell with hebbRule(name) { u, y -> terms(a, s) }: dW = a x^T - s W", "-")

    /** Registers `notebook-rule` (again: nothing changes). */
    fun register() = Components.register(component)
}

/**
 * Components (rules, competitions, ...) written as record classes in notebook cells, registered when a network uses
 * them, so `Hebb.train` and saving work without `Components.register`. The name is derived from the class's own name
 * (`HebbDecay` -> `hebb-decay`), never from the kernel's wrapper class (`Line_11_jupyter`); a cell run again defines a
 * new class, which gets the next free name (`hebb-decay-2`). Each registration is printed once, with the name.
 */
object CellComponents {

    /** Registers every unregistered record component [preset] names; returns one line per registration. */
    fun registerAll(preset: Preset): List<String> =
        (preset.preprocessing() + preset.blocks().flatMap(::parts)).mapNotNull { register(it) }

    /** Registers the parts of one block. */
    fun registerAll(block: BlockSpec): List<String> = parts(block).mapNotNull { register(it) }

    private fun parts(block: BlockSpec): List<Any> = listOfNotNull(block.rule(), block.competition(), block.response(),
        block.learningRate(), block.activation()) + block.preprocessing()

    /**
     * Registers [value]'s class when it is an unregistered component; returns the message saying its name, or
     * `null` when it was registered already.
     *
     * @throws IllegalArgumentException when it is not a record (a plain class cannot be saved and loaded)
     */
    fun register(value: Any): String? {
        if (runCatching { Components.typeOf(value) }.isSuccess) return null
        val kind = Components.KINDS.firstOrNull { it.isInstance(value) } ?: return null
        val type = value.javaClass
        val kindLabel = kind.simpleName.replace(Regex("([a-z])([A-Z])"), "$1 $2").lowercase(Locale.ROOT)
        require(type.isRecord) {
            "your $kindLabel ${type.simpleName} must be a record to be trained and saved: write it as @JvmRecord data class " +
                "${type.simpleName}(...) : ${kind.simpleName}" + if (kind == LearningRule::class.java) ", or use hebbRule(\"name\") { u, y -> ... }" else ""
        }
        val base = derivedName(type)
        val taken = Components.all().filter { it.kind() == kind }.map { it.type() }.toSet()
        val name = generateSequence(1) { it + 1 }.map { if (it == 1) base else "$base-$it" }.first { it !in taken }
        @Suppress("UNCHECKED_CAST")
        Components.register(Component(kind as Class<Any>, name, type as Class<out Any>, "defined in a notebook cell", "-"))
        return "HebbKit: your $kindLabel ${type.simpleName} is registered as '$name', the name saved networks give it " +
            "(register a Component yourself to choose another)"
    }

    /** `HebbDecay` -> `hebb-decay`; the kernel's cell wrapper (`Line_11_jupyter$`) is not part of the name. */
    fun derivedName(type: Class<*>): String {
        val simple = type.name.substringAfterLast('.').substringAfterLast('$').ifEmpty { "rule" }
        val dashed = simple.replace(Regex("([a-z0-9])([A-Z])"), "$1-$2").replace(Regex("([A-Z])([A-Z][a-z])"), "$1-$2")
            .lowercase(Locale.ROOT).replace(Regex("[^a-z0-9-]+"), "-").trim('-')
        return if (dashed.isEmpty() || !dashed[0].isLetter()) "cell-$dashed".trimEnd('-') else dashed
    }
}
