package org.hebbkit.notebook

import java.io.ByteArrayOutputStream
import java.io.DataOutputStream
import java.io.File
import java.nio.file.Files
import java.nio.file.Path
import java.util.SplittableRandom
import java.util.concurrent.TimeUnit
import java.util.jar.JarEntry
import java.util.jar.JarOutputStream
import java.util.zip.GZIPOutputStream
import javax.tools.ToolProvider
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.hebbkit.sweep.TrialProcess
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/**
 * [Hebb.train] on a dataset added from outside HebbKit, as a user adds one: a `DatasetDescription` compiled here into a jar of its own
 * with its `META-INF/services` line, and IDX files written here (ten classes of bars, 600 training and 200 test
 * images). The same jar then serves `hebbkit train --dataset tiny-bars` in a process of its own (the trial main class,
 * [org.hebbkit.run.TrainMain], with the jar on its class path: what `HEBBKIT_CLASSPATH` does for the launcher) and
 * `Hebb.train(..., dataset = "tiny-bars")` in the real kernel, after `@file:DependsOn` of the jar. Nothing in HebbKit
 * names the dataset.
 */
class UserDatasetJarTest : ExecutedNotebookTest("the user dataset jar test") {

    private val data: Path = Files.createDirectories(temp.resolve("data"))
    private val jar: Path = UserDatasetJar.build(temp, data)

    override val sources = listOf(
        "@file:DependsOn(\"org.hebbkit:hebbkit-jupyter:${KernelNotebook.version}\")",
        "@file:DependsOn(\"$jar\")",
        "Hebb.data = java.nio.file.Path.of(\"$data\")\n" +
            "val run = Hebb.train(\"softhebb-mnist-mlp\", dataset = \"tiny-bars\", probeEpochs = 3)\n" +
            "org.hebbkit.datasets.DatasetRegistry.find(\"bars\").name() + \" \" + run.train.size() + \" \" + run.testAccuracy",
    )

    @Test
    fun `the notebook API trains on the dataset of a jar it depends on`() {
        val text = result(2).text("text/plain").trim('"')
        val (name, images, accuracy) = text.split(" ")
        assertEquals("tiny-bars", name, text)
        assertEquals("600", images, text)
        assertTrue(accuracy.toDouble() > 0.5, "bars are easy to tell apart: $text (chance 0.1)")
    }
}

/** `train --dataset tiny-bars` in a process of its own, the jar of [UserDatasetJar] on its class path. */
class UserDatasetProcessTest {

    @TempDir
    lateinit var temp: Path

    @Test
    fun `train in its own process finds the jar's dataset by name and trains on it`() {
        val data = Files.createDirectories(temp.resolve("data"))
        val jar = UserDatasetJar.build(temp, data)
        val classpath = System.getProperty("java.class.path") + File.pathSeparator + jar
        val out = temp.resolve("run")
        val command = TrialProcess.command(listOf("--preset", "softhebb-mnist-mlp", "--dataset", "tiny-bars",
            "--probe-epochs", "3", "--threads", "1", "--data", data.toString(), "--out", out.toString()), listOf("-Xmx2g"),
            classpath)
        val process = ProcessBuilder(command).redirectErrorStream(true).start()
        val output = process.inputStream.bufferedReader().readText()
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), output)
        assertEquals(0, process.exitValue(), output)
        assertTrue(output.contains("600 training and 200 test images"), output)
        val record = com.google.gson.JsonParser.parseString(Files.readString(out.resolve("run.json"))).asJsonObject
        assertEquals("tiny-bars", record.getAsJsonObject("recipe").get("dataset").asString, record.toString())
        assertTrue(record.get("test_accuracy").asDouble > 0.5, record.get("test_accuracy").toString())

        // without the jar, the same command names the datasets it knows and how to add one
        val without = ProcessBuilder(TrialProcess.command(listOf("--preset", "softhebb-mnist-mlp", "--dataset", "tiny-bars",
            "--data", data.toString(), "--out", temp.resolve("never").toString()), listOf(), System.getProperty("java.class.path")))
            .start()
        val error = without.errorStream.bufferedReader().readText().lines().last { it.isNotBlank() }
        assertTrue(without.waitFor(2, TimeUnit.MINUTES))
        assertEquals(2, without.exitValue(), error)
        assertTrue(error.startsWith("hebbkit: Unknown dataset 'tiny-bars'. Valid datasets: mnist, "), error)
        assertTrue(error.endsWith("; to add one, put its DatasetDescription on the class path (docs/extending.md)"), error)
    }
}

/** A user's dataset in a jar of its own: the description's source, its compilation, its services line, its files. */
internal object UserDatasetJar {

    /** Writes the IDX files into `data/tiny-bars/` and returns the jar, built in [temp]. */
    fun build(temp: Path, data: Path): Path {
        writeIdx(data.resolve("tiny-bars"), 600, 200)
        val jar = temp.resolve("tiny-bars.jar")
        buildJar(jar, temp.resolve("classes"))
        return jar
    }

    const val SOURCE = """
package com.example;

import java.util.List;
import org.hebbkit.datasets.DatasetFile;
import org.hebbkit.datasets.IdxDescription;

/** Ten classes of horizontal bars, 28 x 28, in MNIST's IDX files: a dataset HebbKit does not know. */
public final class TinyBars extends IdxDescription {
    public TinyBars() {
        super("tiny-bars", List.of("bars"), files("tiny-bars", List.of("http://127.0.0.1:9/tiny-bars/"),
                new long[] {DatasetFile.UNKNOWN_SIZE, DatasetFile.UNKNOWN_SIZE, DatasetFile.UNKNOWN_SIZE,
                    DatasetFile.UNKNOWN_SIZE}, new String[4], new String[4]),
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), "HebbKit's tests", 600, 200);
    }
}
"""

    /** Compiles [SOURCE] against this test's class path and packs it with its services line. */
    fun buildJar(jar: Path, classes: Path) {
        val source = Files.createDirectories(classes.resolve("src/com/example")).resolve("TinyBars.java")
        Files.writeString(source, SOURCE)
        val compiled = Files.createDirectories(classes.resolve("out"))
        val status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", compiled.toString(),
            "-cp", System.getProperty("java.class.path"), source.toString())
        assertEquals(0, status, "the user's description compiles")
        JarOutputStream(Files.newOutputStream(jar)).use { out ->
            out.putNextEntry(JarEntry("com/example/TinyBars.class"))
            out.write(Files.readAllBytes(compiled.resolve("com/example/TinyBars.class")))
            out.putNextEntry(JarEntry("META-INF/services/org.hebbkit.datasets.DatasetDescription"))
            out.write("com.example.TinyBars\n".toByteArray())
        }
    }

    /** The four gzip-compressed IDX files (LeCun et al. 1998): class c is a bright bar at rows 2c+4 to 2c+5, plus noise. */
    fun writeIdx(folder: Path, train: Int, test: Int) {
        Files.createDirectories(folder)
        val random = SplittableRandom(7)
        for ((prefix, count) in listOf("train" to train, "t10k" to test)) {
            val labels = ByteArray(count) { (it % 10).toByte() }
            val pixels = ByteArray(count * 28 * 28)
            for (i in 0 until count) {
                for (p in 0 until 28 * 28) {
                    val row = p / 28
                    val bar = row == 2 * labels[i] + 4 || row == 2 * labels[i] + 5
                    pixels[i * 784 + p] = (if (bar) 200 + random.nextInt(56) else random.nextInt(40)).toByte()
                }
            }
            gzip(folder.resolve("$prefix-images-idx3-ubyte.gz"), 0x803, intArrayOf(count, 28, 28), pixels)
            gzip(folder.resolve("$prefix-labels-idx1-ubyte.gz"), 0x801, intArrayOf(count), labels)
        }
    }

    private fun gzip(file: Path, magic: Int, dimensions: IntArray, body: ByteArray) {
        val bytes = ByteArrayOutputStream()
        DataOutputStream(bytes).use { out ->
            out.writeInt(magic)
            dimensions.forEach { out.writeInt(it) }
            out.write(body)
        }
        GZIPOutputStream(Files.newOutputStream(file)).use { it.write(bytes.toByteArray()) }
    }
}
