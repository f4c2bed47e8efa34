package org.hebbkit.notebook

import org.hebbkit.report.NetworkView
import org.hebbkit.report.Renderable
import org.jetbrains.kotlinx.jupyter.api.KotlinKernelHost
import org.jetbrains.kotlinx.jupyter.api.MimeTypedResult
import org.jetbrains.kotlinx.jupyter.api.libraries.JupyterIntegration

/**
 * HebbKit in the Kotlin Jupyter kernel, loaded by `@file:DependsOn("org.hebbkit:hebbkit-jupyter:<version>")`:
 * a few explicit imports, a renderer for each of HebbKit's views (HTML with a text form), live progress in
 * the cell while [Hebb.train] runs, and the `%hebb` magics ([HebbMagic]). It stays thin: rendering lives in
 * the view classes.
 */
class HebbKitIntegration : JupyterIntegration() {

    override fun Builder.onLoaded() {
        import(*IMPORTS.toTypedArray())
        render<Renderable> { mime(it) }
        render<org.hebbkit.model.HebbianNetwork> { mime(NetworkView(it)) }
        preprocessCode { code -> HebbMagic.rewrite(code) }
        val updates = KernelUpdates(notebook)
        beforeCellExecution { Hebb.progressDisplay = { KernelProgressDisplay(this, updates) } }
    }

    companion object {
        /** What a notebook gets imported: the facade, the DSL, the views, and the rules and parts presets name. */
        val IMPORTS = listOf(
            "org.hebbkit.notebook.Hebb", "org.hebbkit.notebook.hebbianNetwork", "org.hebbkit.notebook.maxPool",
            "org.hebbkit.notebook.avgPool", "org.hebbkit.notebook.Charts", "org.hebbkit.notebook.Export",
            "org.hebbkit.notebook.LayerMetric", "org.hebbkit.notebook.toMultik", "org.hebbkit.notebook.weightsAsMultik",
            "org.hebbkit.model.Presets", "org.hebbkit.model.Configs",
            "org.hebbkit.rule.SoftHebbRule", "org.hebbkit.rule.PlainHebb", "org.hebbkit.rule.Instar", "org.hebbkit.rule.Oja",
            "org.hebbkit.rule.Bcm", "org.hebbkit.rule.SoftKrotov", "org.hebbkit.rule.SoftWinnerTakeAll",
            "org.hebbkit.rule.HardWinnerTakeAll", "org.hebbkit.rule.KWinnersTakeAll", "org.hebbkit.rule.KrotovRanking",
            "org.hebbkit.rule.AdaptiveThresholds", "org.hebbkit.rule.NoCompetition", "org.hebbkit.rule.KrotovCurrents",
            "org.hebbkit.rule.ConstantRate", "org.hebbkit.rule.AdaptiveLearningRate", "org.hebbkit.rule.LinearDecay",
            "org.hebbkit.nn.Triangle", "org.hebbkit.nn.Relu", "org.hebbkit.nn.WeightInit",
        )

        private fun mime(view: Renderable) = MimeTypedResult(data(view))

        internal fun data(view: Renderable) = mapOf("text/html" to view.html(), "text/plain" to view.text())
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
