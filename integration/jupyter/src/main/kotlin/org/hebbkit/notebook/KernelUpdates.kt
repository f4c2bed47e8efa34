package org.hebbkit.notebook

import java.time.ZoneOffset
import java.time.ZonedDateTime
import java.time.format.DateTimeFormatter
import java.util.UUID
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject
import org.jetbrains.kotlinx.jupyter.api.Notebook
import org.jetbrains.kotlinx.jupyter.api.libraries.JupyterSocketType
import org.jetbrains.kotlinx.jupyter.api.libraries.RawMessage

/**
 * Sends `display_data` and `update_display_data` with the running cell's `execute_request` as parent header,
 * which Jupyter's clients need to route them to the cell (nbclient drops messages without one). The request
 * is the kernel connection's context message (`getContextMessage()` of kernel 0.11.0-398's connection, read
 * reflectively since the API does not expose it); without it, [send] reports false and the caller falls back to
 * the kernel's own display calls.
 */
internal class KernelUpdates(private val notebook: Notebook) {

    /** The header of the request the kernel is handling now, or `null`. */
    private fun request(): JsonObject? = runCatching {
        val connection = notebook.connection
        (connection.javaClass.getMethod("getContextMessage").invoke(connection) as? RawMessage)?.header
    }.getOrNull()

    /**
     * Sends a display message.
     *
     * @param type `display_data` (a new output) or `update_display_data` (replaces the outputs with the id)
     * @return false when it could not be sent (no request seen yet, or the connection refused it)
     */
    fun send(type: String, displayId: String, data: Map<String, String>): Boolean {
        val parent = request() ?: return false
        return runCatching {
            val header = buildJsonObject {
                put("msg_id", UUID.randomUUID().toString())
                put("session", parent["session"]?.jsonPrimitive?.content ?: "")
                put("username", "kernel")
                put("date", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                put("msg_type", type)
                put("version", parent["version"]?.jsonPrimitive?.content ?: "5.3")
            }
            val content = buildJsonObject {
                putJsonObject("data") { data.forEach { (type, value) -> put(type, value) } }
                putJsonObject("metadata") {}
                putJsonObject("transient") { put("display_id", displayId) }
            }
            notebook.connection.send(JupyterSocketType.IOPUB, Message(type, header, parent, content))
        }.isSuccess
    }

    private class Message(
        type: String,
        override val header: JsonObject,
        override val parentHeader: JsonObject,
        override val content: JsonElement,
    ) : RawMessage {
        override val id: List<ByteArray> = listOf(type.toByteArray())
        override val metadata: JsonObject = JsonObject(emptyMap())
    }
}
