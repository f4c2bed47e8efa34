package org.hebbkit.notebook

import org.hebbkit.report.Html
import org.hebbkit.report.Renderable
import java.lang.reflect.Method
import java.lang.reflect.Modifier
import java.lang.reflect.ParameterizedType

/**
 * The `%hebb` magics: a code preprocessor rewrites each `%hebb ...` line into one ordinary call on [Hebb]
 * before the kernel compiles the cell, so a magic and its plain Kotlin do the same thing. The sub-commands are
 * [Hebb]'s functions whose parameters are all text, numbers or lists of text ([COMMANDS], read from [Hebb] by
 * reflection, so a new function is a new magic and the table cannot drift). Arguments are `name=value` pairs named
 * like the function's parameters (a list parameter `presets` is given as `preset=a preset=b`); an unknown sub-command
 * or argument, a missing required one or a value of the wrong type is an error that lists the valid ones. In a
 * notebook the error is one message, no stack trace ([HebbMagicException]).
 *
 * ```
 * %hebb train preset=softhebb-mnist-1layer limit=5000   ->   Hebb.train(preset = "softhebb-mnist-1layer", limit = 5000)
 * ```
 */
object HebbMagic {

    /** A value type of an argument. */
    enum class Type(val placeholder: String) { TEXT("TEXT"), INT("N"), LONG("N"), DOUBLE("X"), BOOLEAN("true|false") }

    /**
     * One argument of a sub-command: `name=value`; a [repeatable] one may be given several times and becomes a list
     * (`preset=a preset=b` -> `presets = listOf("a", "b")`), passed as [parameter].
     */
    data class Argument(val name: String, val type: Type, val required: Boolean = false, val repeatable: Boolean = false,
        val parameter: String = name)

    /** A sub-command: its arguments, a usage line and the plain call it becomes. */
    data class Command(val name: String, val arguments: List<Argument>, val usage: String, val plain: String)

    /**
     * Every sub-command, alphabetically: one per public function of [Hebb] whose parameters are all `String`, `Int`,
     * `Long`, `Double`, `Boolean` or `List<String>` (its longest overload; the parameters of its shortest
     * `@JvmOverloads` overload are the required ones). Properties (`Hebb.data`) and functions taking objects
     * (`Hebb.train(preset: Preset)`) are not magics.
     */
    val COMMANDS: List<Command> by lazy { commandsOf(Hebb::class.java) }

    internal fun commandsOf(facade: Class<*>): List<Command> {
        val candidates = facade.declaredMethods.filter {
            Modifier.isPublic(it.modifiers) && Modifier.isStatic(it.modifiers) && !it.isSynthetic && !it.name.contains('$') &&
                !Regex("^(get|set|is)[A-Z].*").matches(it.name) && it.parameters.all { p -> p.isNamePresent && typeOf(p.parameterizedType) != null }
        }
        return candidates.groupBy { it.name }.toSortedMap().map { (name, overloads) ->
            val longest = overloads.maxBy { it.parameterCount }
            val required = overloads.minBy { it.parameterCount }.parameters.map { it.name }.toSet()
            val arguments = longest.parameters.map { parameter ->
                val (type, list) = typeOf(parameter.parameterizedType)!!
                val argument = if (list && parameter.name.length > 1 && parameter.name.endsWith("s")) parameter.name.dropLast(1) else parameter.name
                Argument(argument, type, parameter.name in required, list, parameter.name)
            }
            Command(name, arguments, usage(name, arguments), plain(facade, name, arguments))
        }
    }

    /** The magic's type for a parameter type, and whether it is a list; `null` for a type magics cannot give. */
    private fun typeOf(type: java.lang.reflect.Type): Pair<Type, Boolean>? = when (type) {
        String::class.java -> Type.TEXT to false
        Int::class.javaPrimitiveType, Int::class.javaObjectType -> Type.INT to false
        Long::class.javaPrimitiveType, Long::class.javaObjectType -> Type.LONG to false
        Double::class.javaPrimitiveType, Double::class.javaObjectType -> Type.DOUBLE to false
        Boolean::class.javaPrimitiveType, Boolean::class.javaObjectType -> Type.BOOLEAN to false
        is ParameterizedType -> if (type.rawType == List::class.java && type.actualTypeArguments.singleOrNull().let {
                it == String::class.java || (it is java.lang.reflect.WildcardType && it.upperBounds.singleOrNull() == String::class.java)
            }) Type.TEXT to true else null
        else -> null
    }

    private fun placeholder(argument: Argument) =
        if (argument.type == Type.TEXT) argument.name.uppercase() else argument.type.placeholder

    private fun usage(name: String, arguments: List<Argument>): String {
        val required = arguments.filter { it.required }.map { "${it.name}=${placeholder(it)}" + if (it.repeatable) " [${it.name}=... ...]" else "" }
        val optional = arguments.filter { !it.required }.map { "${it.name}=${placeholder(it)}" + if (it.repeatable) " ..." else "" }
        return (listOf("%hebb $name") + required + (if (optional.isEmpty()) listOf() else listOf("[" + optional.joinToString(" ") + "]")))
            .joinToString(" ")
    }

    private fun plain(facade: Class<*>, name: String, arguments: List<Argument>): String =
        "${facade.simpleName}.$name(" + arguments.filter { it.required }.joinToString(", ") {
            it.parameter + " = " + when {
                it.repeatable -> "listOf(\"${placeholder(it)}\")"
                it.type == Type.TEXT -> "\"${placeholder(it)}\""
                else -> placeholder(it)
            }
        } + (if (arguments.any { !it.required }) (if (arguments.any { it.required }) ", ..." else "...") else "") + ")"

    private val LINE = Regex("""^(\s*)%hebb(?:\s+(.*))?$""")

    /**
     * The cell with every `%hebb` line replaced by its call (other lines unchanged). A faulty magic becomes a line
     * that throws [HebbMagicException] with the message, so the notebook shows that one message (the integration
     * renders it) instead of the kernel's library-failure report and stack trace.
     */
    fun rewrite(code: String): String {
        if (!code.contains("%hebb")) return code
        return code.lines().joinToString("\n") { line ->
            val match = LINE.matchEntire(line)
            if (match == null) {
                line
            } else {
                val call = try {
                    call(match.groupValues[2].trim())
                } catch (e: IllegalArgumentException) {
                    "throw org.hebbkit.notebook.HebbMagicException(${literal(e.message ?: "invalid %hebb magic")})"
                }
                match.groupValues[1] + call
            }
        }
    }

    /**
     * The Kotlin call for the text after `%hebb`.
     *
     * @throws IllegalArgumentException naming the faulty magic and listing what is valid
     */
    fun call(magic: String): String {
        val words = magic.split(Regex("\\s+")).filter { it.isNotEmpty() }
        val valid = COMMANDS.joinToString(", ") { it.name }
        if (words.isEmpty()) {
            throw IllegalArgumentException("%hebb needs a sub-command. Valid sub-commands: $valid (try %hebb help)")
        }
        val command = COMMANDS.firstOrNull { it.name == words[0] } ?: throw IllegalArgumentException(
            "Unknown %hebb sub-command '${words[0]}'" + (suggestion(words[0], COMMANDS.map { it.name })?.let { ": did you mean '$it'?" } ?: ".") +
                " Valid sub-commands: $valid")
        val given = LinkedHashMap<String, MutableList<String>>()
        for (word in words.drop(1)) {
            val equals = word.indexOf('=')
            if (equals <= 0) {
                throw IllegalArgumentException("%hebb ${command.name}: '$word' is not name=value. Usage: ${command.usage}")
            }
            val name = word.substring(0, equals)
            val argument = command.arguments.firstOrNull { it.name == name } ?: throw IllegalArgumentException(
                "%hebb ${command.name}: unknown argument '$name'" +
                    (suggestion(name, command.arguments.map { it.name })?.let { " (did you mean '$it'?)" } ?: "") + ". Valid arguments: " +
                    command.arguments.joinToString(", ") { it.name }.ifEmpty { "(none)" })
            val values = given.getOrPut(name) { mutableListOf() }
            if (values.isNotEmpty() && !argument.repeatable) {
                throw IllegalArgumentException("%hebb ${command.name}: '$name' is given twice")
            }
            values += literal(command, argument, word.substring(equals + 1))
        }
        command.arguments.filter { it.required && it.name !in given }.forEach {
            throw IllegalArgumentException("%hebb ${command.name}: '${it.name}' is required. Usage: ${command.usage}")
        }
        return "org.hebbkit.notebook.Hebb.${command.name}(" + given.entries.joinToString(", ") { (name, values) ->
            val argument = command.arguments.first { it.name == name }
            argument.parameter + " = " + if (argument.repeatable) values.joinToString(", ", "listOf(", ")") else values.single()
        } + ")"
    }

    /** The closest of [valid] to [typed] when it is a plausible typo (edit distance at most 2, or a prefix). */
    internal fun suggestion(typed: String, valid: List<String>): String? {
        val scored = valid.map { it to distance(typed.lowercase(), it.lowercase()) }.minByOrNull { it.second } ?: return null
        return when {
            scored.second <= minOf(2, maxOf(1, typed.length / 2)) -> scored.first
            else -> valid.firstOrNull { typed.length >= 3 && it.startsWith(typed) }
        }
    }

    /** Damerau-Levenshtein distance (optimal string alignment): a swap of two letters counts 1. */
    private fun distance(a: String, b: String): Int {
        val d = Array(a.length + 1) { i -> IntArray(b.length + 1) { j -> if (i == 0) j else if (j == 0) i else 0 } }
        for (i in 1..a.length) {
            for (j in 1..b.length) {
                val cost = if (a[i - 1] == b[j - 1]) 0 else 1
                d[i][j] = minOf(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = minOf(d[i][j], d[i - 2][j - 2] + 1)
            }
        }
        return d[a.length][b.length]
    }

    private fun literal(text: String): String = "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$") + "\""

    private fun literal(command: Command, argument: Argument, value: String): String = when (argument.type) {
        Type.TEXT -> literal(value)
        Type.INT -> value.toIntOrNull()?.toString()
            ?: throw IllegalArgumentException("%hebb ${command.name}: ${argument.name} must be a whole number, got '$value'")
        Type.LONG -> value.toLongOrNull()?.let { "${it}L" }
            ?: throw IllegalArgumentException("%hebb ${command.name}: ${argument.name} must be a whole number, got '$value'")
        Type.DOUBLE -> value.toDoubleOrNull()?.takeIf { it.isFinite() }?.toString()
            ?: throw IllegalArgumentException("%hebb ${command.name}: ${argument.name} must be a number, got '$value'")
        Type.BOOLEAN -> value.lowercase().takeIf { it == "true" || it == "false" }
            ?: throw IllegalArgumentException("%hebb ${command.name}: ${argument.name} must be true or false, got '$value'")
    }
}

/**
 * A faulty `%hebb` magic, thrown by the line [HebbMagic.rewrite] puts in its place; the notebook integration renders
 * it as its message alone (HTML and text), without the kernel's stack trace.
 */
class HebbMagicException(message: String) : IllegalArgumentException(message) {
    /** How a notebook shows it. */
    val view: Renderable get() = object : Renderable {
        override fun html() = "<pre style=\"color: #b00020; font-weight: bold; white-space: pre-wrap\">HebbKit: ${Html.escape(message!!)}</pre>"
        override fun text() = "HebbKit: $message"
    }
}
