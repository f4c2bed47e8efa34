package org.hebbkit.notebook

/**
 * The `%hebb` magics: a code preprocessor rewrites each `%hebb ...` line into one ordinary call on [Hebb]
 * before the kernel compiles the cell, so a magic and its plain Kotlin do the same thing. Arguments are
 * `name=value` pairs; an unknown sub-command or argument, a missing required one or a value of the wrong type
 * is an error that lists the valid ones.
 *
 * ```
 * %hebb train preset=softhebb-mnist-1layer limit=5000   ->   Hebb.train(preset = "softhebb-mnist-1layer", limit = 5000)
 * ```
 */
object HebbMagic {

    /** A value type of an argument. */
    enum class Type { TEXT, INT, LONG }

    /**
     * One argument of a sub-command: `name=value`; a [repeatable] one may be given several times and becomes a list
     * (`preset=a preset=b` -> `presets = listOf("a", "b")`), passed as [parameter].
     */
    data class Argument(val name: String, val type: Type, val required: Boolean = false, val repeatable: Boolean = false,
        val parameter: String = name)

    /** A sub-command: its arguments, a usage line and the plain call it becomes. */
    data class Command(val name: String, val arguments: List<Argument>, val usage: String, val plain: String)

    /** Every sub-command, in the order `%hebb help` lists them. */
    val COMMANDS: List<Command> = listOf(
        Command("train", listOf(Argument("preset", Type.TEXT, required = true), Argument("dataset", Type.TEXT),
            Argument("seed", Type.LONG), Argument("limit", Type.INT), Argument("limitTest", Type.INT), Argument("mode", Type.TEXT),
            Argument("probeEpochs", Type.INT), Argument("device", Type.TEXT), Argument("readout", Type.TEXT),
            Argument("checkpoints", Type.TEXT)),
            "%hebb train preset=P [dataset=D seed=S limit=N limitTest=N mode=M probeEpochs=E device=cpu|gpu|auto readout=probe|ridge checkpoints=DIR]",
            "Hebb.train(preset = \"P\", dataset = \"D\", seed = S, limit = N, ...)"),
        Command("sweep", listOf(Argument("preset", Type.TEXT, required = true, repeatable = true, parameter = "presets"),
            Argument("out", Type.TEXT, required = true), Argument("seeds", Type.TEXT), Argument("set", Type.TEXT, repeatable = true),
            Argument("search", Type.TEXT), Argument("halving", Type.TEXT), Argument("dataset", Type.TEXT), Argument("limit", Type.INT),
            Argument("limitTest", Type.INT), Argument("probeEpochs", Type.INT), Argument("readout", Type.TEXT),
            Argument("device", Type.TEXT), Argument("workers", Type.INT), Argument("threads", Type.INT), Argument("matmul", Type.TEXT)),
            "%hebb sweep preset=P [preset=P2 ...] out=DIR [seeds=0-3 set=PATH=V1,V2 ... search=grid|random:N halving=eta=3 " +
                "dataset=D limit=N limitTest=N probeEpochs=E readout=R device=D workers=N threads=N matmul=auto|engine|onednn]",
            "Hebb.sweep(presets = listOf(\"P\"), out = \"DIR\", seeds = \"0-3\", set = listOf(\"PATH=V1,V2\"), ...)"),
        Command("filters", listOf(Argument("layer", Type.INT)), "%hebb filters [layer=L]", "Hebb.filters(layer = L)"),
        Command("history", listOf(), "%hebb history", "Hebb.history()"),
        Command("presets", listOf(), "%hebb presets", "Hebb.presets()"),
        Command("rules", listOf(), "%hebb rules", "Hebb.rules()"),
        Command("help", listOf(), "%hebb help", "Hebb.help()"),
    )

    private val LINE = Regex("""^(\s*)%hebb(?:\s+(.*))?$""")

    /**
     * The cell with every `%hebb` line replaced by its call (other lines unchanged).
     *
     * @throws IllegalArgumentException naming the faulty magic and listing what is valid
     */
    fun rewrite(code: String): String {
        if (!code.contains("%hebb")) return code
        return code.lines().joinToString("\n") { line ->
            val match = LINE.matchEntire(line)
            if (match == null) line else match.groupValues[1] + call(match.groupValues[2].trim())
        }
    }

    /** The Kotlin call for the text after `%hebb`. */
    fun call(magic: String): String {
        val words = magic.split(Regex("\\s+")).filter { it.isNotEmpty() }
        val valid = COMMANDS.joinToString(", ") { it.name }
        if (words.isEmpty()) {
            throw IllegalArgumentException("%hebb needs a sub-command. Valid sub-commands: $valid (try %hebb help)")
        }
        val command = COMMANDS.firstOrNull { it.name == words[0] }
            ?: throw IllegalArgumentException("Unknown %hebb sub-command '${words[0]}'. Valid sub-commands: $valid")
        val given = LinkedHashMap<String, MutableList<String>>()
        for (word in words.drop(1)) {
            val equals = word.indexOf('=')
            if (equals <= 0) {
                throw IllegalArgumentException("%hebb ${command.name}: '$word' is not name=value. Usage: ${command.usage}")
            }
            val name = word.substring(0, equals)
            val argument = command.arguments.firstOrNull { it.name == name } ?: throw IllegalArgumentException(
                "%hebb ${command.name}: unknown argument '$name'. Valid arguments: " +
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

    private fun literal(command: Command, argument: Argument, value: String): String = when (argument.type) {
        Type.TEXT -> "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$") + "\""
        Type.INT -> value.toIntOrNull()?.toString()
            ?: throw IllegalArgumentException("%hebb ${command.name}: ${argument.name} must be a whole number, got '$value'")
        Type.LONG -> value.toLongOrNull()?.let { "${it}L" }
            ?: throw IllegalArgumentException("%hebb ${command.name}: ${argument.name} must be a whole number, got '$value'")
    }
}
