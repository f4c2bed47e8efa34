package org.hebbkit.report

import java.awt.image.BufferedImage
import java.util.Base64
import org.hebbkit.viz.UnitImages

/** Small HTML helpers: escaping, inline PNG images, tables. Everything is self-contained (no script, no CDN). */
object Html {

    /** Escapes text for HTML element content and attribute values. */
    fun escape(text: String): String = buildString(text.length) {
        for (c in text) {
            when (c) {
                '&' -> append("&amp;")
                '<' -> append("&lt;")
                '>' -> append("&gt;")
                '"' -> append("&quot;")
                '\'' -> append("&#39;")
                else -> append(c)
            }
        }
    }

    /** An `<img>` holding the image as an inline PNG (a data URI), with its alt text. */
    fun image(image: BufferedImage, alt: String): String =
        "<img alt=\"${escape(alt)}\" width=\"${image.width}\" height=\"${image.height}\" " +
            "style=\"image-rendering: pixelated\" src=\"data:image/png;base64," +
            Base64.getEncoder().encodeToString(UnitImages.png(image)) + "\"/>"

    /** A table: a header row and body rows; cells are escaped. */
    fun table(header: List<String>, rows: List<List<String>>, caption: String? = null): String = buildString {
        append("<table class=\"hebbkit\" style=\"border-collapse: collapse; font-family: sans-serif; font-size: 13px\">")
        if (caption != null) {
            append("<caption style=\"text-align: left; font-weight: bold; padding: 4px 0\">${escape(caption)}</caption>")
        }
        append("<thead><tr>")
        header.forEach { append("<th style=\"text-align: left; border-bottom: 1px solid #999; padding: 2px 8px\">${escape(it)}</th>") }
        append("</tr></thead><tbody>")
        for (row in rows) {
            append("<tr>")
            // Jupyter's stylesheet right-aligns cells: left-align them, and keep the first column (names) on one line
            row.forEachIndexed { i, cell ->
                append("<td style=\"text-align: left; vertical-align: top; padding: 2px 8px; border-bottom: 1px solid #eee")
                append(if (i == 0) "; white-space: nowrap\">" else "\">")
                append(escape(cell)).append("</td>")
            }
            append("</tr>")
        }
        append("</tbody></table>")
    }

    /** The same table as aligned plain text, for the text/plain form of a renderer. */
    fun textTable(header: List<String>, rows: List<List<String>>): String {
        val widths = header.indices.map { column -> (rows.map { it[column] } + header[column]).maxOf { it.length } }
        fun line(cells: List<String>) = cells.mapIndexed { i, cell -> cell.padEnd(widths[i]) }.joinToString("  ").trimEnd()
        return (listOf(line(header), widths.joinToString("  ") { "-".repeat(it) }) + rows.map(::line)).joinToString("\n")
    }

    /**
     * A whole page: UTF-8, a title, the body.
     *
     * @param style CSS added after the page's own (later rules win)
     */
    fun page(title: String, body: String, style: String = ""): String =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>${escape(title)}</title>" +
            "<style>body { font-family: sans-serif; margin: 24px; max-width: 1100px } h2 { margin-top: 28px }" +
            " figure { display: inline-block; margin: 8px }$style</style></head>\n<body>\n$body\n</body></html>\n"
}

/** A table as plain values (a header, rows of cells, a caption), shown as HTML ([Html.table]) or aligned text. */
class Table(val header: List<String>, val rows: List<List<String>>, val caption: String? = null) : Renderable {

    init {
        rows.forEachIndexed { i, row ->
            require(row.size == header.size) { "row ${i + 1} has ${row.size} cells, the header ${header.size}: $row" }
        }
    }

    override fun html(): String = Html.table(header, rows, caption)

    override fun text(): String = (caption?.let { "$it\n" } ?: "") + Html.textTable(header, rows)

    override fun toString(): String = text()
}
