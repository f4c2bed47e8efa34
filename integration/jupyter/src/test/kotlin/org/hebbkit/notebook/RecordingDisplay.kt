package org.hebbkit.notebook

/** A [ProgressDisplay] that keeps the text of every view it is given, for the progress tests. */
class RecordingDisplay : ProgressDisplay {
    val shown = mutableListOf<String>()
    val updated = mutableListOf<String>()
    override fun show(view: ProgressView) { shown += view.text() }
    override fun update(view: ProgressView) { updated += view.text() }
}
