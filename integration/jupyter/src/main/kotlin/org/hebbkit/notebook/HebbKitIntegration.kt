package org.hebbkit.notebook

import org.hebbkit.report.Export
import org.hebbkit.report.Html
import org.hebbkit.report.NetworkView
import org.hebbkit.report.Renderable
import java.lang.reflect.Modifier
import org.hebbkit.model.Components
import org.jetbrains.kotlinx.jupyter.api.HTML
import org.jetbrains.kotlinx.jupyter.api.KotlinKernelHost
import org.jetbrains.kotlinx.jupyter.api.MimeTypedResult
import org.jetbrains.kotlinx.jupyter.api.libraries.JupyterIntegration
import org.jetbrains.letsPlot.Figure

/**
 * HebbKit in the Kotlin Jupyter kernel, loaded by `@file:DependsOn("org.hebbkit:hebbkit-jupyter:<version>")`:
 * the imports a notebook needs ([IMPORTS], derived from the component registry), a renderer for each of HebbKit's
 * views (HTML with a text form) and for every Lets-Plot figure a user builds (inline SVG, offline), live progress in
 * the cell while [Hebb.train] runs, and the `%hebb` magics ([HebbMagic]). It stays thin: rendering lives in the view
 * classes.
 *
 * Lets-Plot: `Plot`, `GGBunch` and `gggrid(...)` subplots (every `org.jetbrains.letsPlot.Figure`) render as inline SVG
 * drawn on the JVM, so they show offline and survive `nbconvert --to html`. `%use lets-plot` is not needed: the
 * line is rewritten into the imports `%use lets-plot` would add, from HebbKit's own Lets-Plot
 * ([LETS_PLOT_IMPORTS]), so it works offline too.
 */
class HebbKitIntegration : JupyterIntegration() {

    override fun Builder.onLoaded() {
        NotebookComponents.register()
        import(*IMPORTS.toTypedArray())
        render<Renderable> { mime(it) }
        render<org.hebbkit.model.HebbianNetwork> { mime(NetworkView(it)) }
        render<Figure> { figure -> HTML(Export.figureHtml(figure)) }
        renderThrowable<HebbMagicException> { MimeTypedResult(data(it.view)) }
        preprocessCode { code -> HebbMagic.rewrite(LetsPlotUse.rewrite(code)) }
        val updates = KernelUpdates(notebook)
        beforeCellExecution { Hebb.progressDisplay = { KernelProgressDisplay(this, updates) } }
        onLoaded { display(HTML(LOADED_HTML), null) }
    }

    companion object {
        /** HebbKit's notebook API: the facade, the DSL, a rule in a cell, the views and exporters. */
        private val NOTEBOOK_API = listOf(
            "org.hebbkit.notebook.Hebb", "org.hebbkit.notebook.hebbianNetwork", "org.hebbkit.notebook.maxPool",
            "org.hebbkit.notebook.avgPool", "org.hebbkit.notebook.hebbRule", "org.hebbkit.report.Charts",
            "org.hebbkit.report.Export", "org.hebbkit.report.LayerMetric", "org.hebbkit.notebook.toMultik",
            "org.hebbkit.notebook.weightsAsMultik", "org.hebbkit.model.Presets", "org.hebbkit.model.Configs",
            "org.hebbkit.model.Components", "org.hebbkit.model.Component", "ai.djl.ndarray.NDArray",
        )

        /**
         * What a notebook gets imported: [NOTEBOOK_API], then from the component registry ([Components]) every kind
         * (`LearningRule`, `Competition`, ...), every registered component (`SoftHebbRule`, `Oja`, `HardWinnerTakeAll`,
         * ...), the block settings (`BlockSpec`, `ConvSpec`) and the HebbKit types their public signatures name (`HebbianTerms`, `RuleState`, `StateVariable`,
         * `WeightInit`, ...), so a component added to the registry is importable without editing this list.
         */
        val IMPORTS: List<String> by lazy { NOTEBOOK_API + registryImports() }

        /** The kinds, the registered components and the `org.hebbkit` types in their public signatures, sorted. */
        fun registryImports(): List<String> {
            val classes = linkedSetOf<Class<*>>()
            Components.KINDS.forEach { classes += it }
            // what the DSL's block settings are made of (WeightInit, Pooling, WeightMask, Padding)
            classes += listOf(org.hebbkit.model.BlockSpec::class.java, org.hebbkit.model.ConvSpec::class.java)
            Components.all().forEach { classes += it.implementation() }
            val named = linkedSetOf<Class<*>>()
            for (type in classes) {
                for (method in type.methods) {
                    named += method.returnType
                    named += method.parameterTypes
                }
                for (constructor in type.constructors) named += constructor.parameterTypes
            }
            classes += named.map { if (it.isArray) it.componentType else it }
                .filter { it.name.startsWith("org.hebbkit.") && Modifier.isPublic(it.modifiers) && !it.isAnonymousClass }
            // a nested type (WeightInit.Kind) is reached through its outer class
            return classes.filter { it.enclosingClass == null }.map { it.name }.distinct().sorted()
        }

        /** The imports `%use lets-plot` adds (lets-plot-kotlin's own integration), for the Lets-Plot HebbKit carries. */
        val LETS_PLOT_IMPORTS = listOf("org.jetbrains.letsPlot.*", "org.jetbrains.letsPlot.geom.*", "org.jetbrains.letsPlot.stat.*",
            "org.jetbrains.letsPlot.label.*", "org.jetbrains.letsPlot.scale.*", "org.jetbrains.letsPlot.facet.*",
            "org.jetbrains.letsPlot.sampling.*", "org.jetbrains.letsPlot.export.*", "org.jetbrains.letsPlot.tooltips.*",
            "org.jetbrains.letsPlot.annotations.*", "org.jetbrains.letsPlot.themes.*", "org.jetbrains.letsPlot.pos.*",
            "org.jetbrains.letsPlot.coord.*", "org.jetbrains.letsPlot.bistro.corr.*", "org.jetbrains.letsPlot.bistro.joint.*",
            "org.jetbrains.letsPlot.bistro.qq.*", "org.jetbrains.letsPlot.bistro.residual.*")

        /** What the cell that loads HebbKit shows. */
        const val LOADED_TEXT = "HebbKit loaded: Hebb.train(...), hebbianNetwork { }, hebbRule(\"name\") { u, y -> ... }, %hebb help. " +
            "Lets-Plot figures render inline as SVG (offline); %use lets-plot is not needed, and imports HebbKit's Lets-Plot API offline."

        private val LOADED_HTML = "<p style=\"font-family: sans-serif; color: #555\">${Html.escape(LOADED_TEXT)}</p>"

        private fun mime(view: Renderable) = MimeTypedResult(data(view))

        internal fun data(view: Renderable) = mapOf("text/html" to view.html(), "text/plain" to view.text())
    }
}

/**
 * `%use lets-plot` offline: the kernel would fetch lets-plot-kotlin-kernel from a remote repository (and fails
 * without the network); this rewrites the line into the imports that library adds, from the Lets-Plot HebbKit
 * already carries. Other libraries on the same `%use` line are kept for the kernel.
 */
object LetsPlotUse {

    private val USE = Regex("""^(\s*)%use\s+(.*)$""")
    private val LETS_PLOT = Regex("""lets-plot(\s*\([^)]*\))?""")

    /** The cell with `lets-plot` taken out of every `%use` line and its imports put first. */
    fun rewrite(code: String): String {
        if (!code.contains("%use")) return code
        var found = false
        val lines = code.lines().mapNotNull { line ->
            val match = USE.matchEntire(line) ?: return@mapNotNull line
            val libraries = match.groupValues[2].split(",").map { it.trim() }.filter { it.isNotEmpty() }
            val others = libraries.filterNot { LETS_PLOT.matches(it) }
            if (others.size == libraries.size) return@mapNotNull line
            found = true
            if (others.isEmpty()) null else match.groupValues[1] + "%use " + others.joinToString(", ")
        }
        if (!found) return code
        // imports go after the cell's file annotations (@file:DependsOn) and before its statements
        val head = lines.takeWhile { it.isBlank() || it.trimStart().let { t -> t.startsWith("@file:") || t.startsWith("//") || t.startsWith("%use") } }
        return (head + HebbKitIntegration.LETS_PLOT_IMPORTS.map { "import $it" } + lines.drop(head.size)).joinToString("\n")
    }
}

/**
 * Live progress in a notebook cell: one display with an id, updated in place. The display and its updates go
 * out on IOPub with the running cell's request as parent ([KernelUpdates]): kernel 0.11.0-398's own
 * `updateDisplay` sends an empty parent header, which nbclient and nbconvert drop (a headless run would keep the
 * first state), and a display from a library's host did not reach the cell at all.
 */
internal class KernelProgressDisplay(private val host: KotlinKernelHost, private val updates: KernelUpdates) : ProgressDisplay {

    private val id = "hebbkit-progress-" + java.util.UUID.randomUUID()

    override fun show(view: ProgressView) {
        if (!updates.send("display_data", id, HebbKitIntegration.data(view))) {
            host.display(MimeTypedResult(HebbKitIntegration.data(view)), id)
        }
    }

    override fun update(view: ProgressView) {
        if (!updates.send("update_display_data", id, HebbKitIntegration.data(view))) {
            host.updateDisplay(MimeTypedResult(HebbKitIntegration.data(view)), id)
        }
    }
}
