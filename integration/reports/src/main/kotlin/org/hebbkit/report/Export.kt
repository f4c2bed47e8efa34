package org.hebbkit.report

import java.io.ByteArrayOutputStream
import java.io.StringReader
import java.nio.charset.StandardCharsets
import java.nio.file.Path
import org.apache.batik.transcoder.TranscoderInput
import org.apache.batik.transcoder.TranscoderOutput
import org.apache.batik.transcoder.image.PNGTranscoder
import org.hebbkit.model.AtomicFiles
import org.jetbrains.letsPlot.Figure
import org.jetbrains.letsPlot.awt.plot.PlotSvgExport
import org.jetbrains.letsPlot.intern.toSpec

/**
 * Headless export of charts and pages from plain JVM code (no notebook needed): SVG by Lets-Plot's own
 * exporter, PNG by Batik from that SVG, HTML pages that hold both inline. Files are written atomically.
 *
 * ```kotlin
 * val svg = Export.svg(chart)                  // "<svg ...>...</svg>"
 * Export.write(Path.of("accuracy.png"), Export.png(svg))
 * ```
 */
object Export {

    /** The figure as a self-contained SVG document (no script, no fonts fetched). */
    fun svg(figure: Figure): String = PlotSvgExport.buildSvgImageFromRawSpecs(figure.toSpec())

    /**
     * A figure as notebooks show it: its SVG inline in a `<div>` (no script), so it shows offline and survives
     * `nbconvert --to html`. Any Lets-Plot figure: `Plot`, `GGBunch`, `gggrid(...)` subplots.
     */
    fun figureHtml(figure: Figure): String = "<div class=\"hebbkit-figure\">${svg(figure)}</div>"

    /**
     * An SVG rendered to PNG by Batik.
     *
     * @param scale pixels per SVG unit (2 for sharp images on high-density screens)
     */
    fun png(svg: String, scale: Double = 1.0): ByteArray {
        require(scale > 0) { "scale must be positive, got $scale" }
        val transcoder = PNGTranscoder()
        val size = Regex("""<svg[^>]*\swidth="([0-9.]+)[^"]*"[^>]*\sheight="([0-9.]+)""").find(svg)
        if (size != null && scale != 1.0) {
            transcoder.addTranscodingHint(PNGTranscoder.KEY_WIDTH, (size.groupValues[1].toFloat() * scale).toFloat())
            transcoder.addTranscodingHint(PNGTranscoder.KEY_HEIGHT, (size.groupValues[2].toFloat() * scale).toFloat())
        }
        val out = ByteArrayOutputStream()
        transcoder.transcode(TranscoderInput(StringReader(svg)), TranscoderOutput(out))
        return out.toByteArray()
    }

    /** Writes bytes atomically (a temporary file beside the target, then moved): no half-written file. */
    fun write(target: Path, bytes: ByteArray) {
        target.toAbsolutePath().parent?.let { java.nio.file.Files.createDirectories(it) }
        AtomicFiles.write(target) { it.write(bytes) }
    }

    /** Writes text as UTF-8, atomically. */
    fun write(target: Path, text: String) = write(target, text.toByteArray(StandardCharsets.UTF_8))
}
