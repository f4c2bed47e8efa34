package org.hebbkit.notebook

import ai.djl.training.util.ProgressBar
import java.nio.file.Path
import java.util.Locale
import org.hebbkit.datasets.Cifar10
import org.hebbkit.datasets.Cifar100
import org.hebbkit.datasets.FashionMnist
import org.hebbkit.datasets.ImageSplit
import org.hebbkit.datasets.Mnist
import org.hebbkit.datasets.Split
import org.hebbkit.datasets.transform.Subsets
import org.hebbkit.train.LabelledImages

/**
 * The datasets the presets name, loaded by name from the datasets module and adapted for the library's
 * trainers; used by the notebook API and the command line alike.
 */
object Datasets {

    /** The names [canonicalName] accepts, as users type them. */
    val NAMES = listOf("mnist", "fashion-mnist", "cifar10", "cifar100")

    /**
     * Loads a split.
     *
     * @param dataset the datasets module's name (`mnist`, `fashion-mnist`, `cifar-10`, `cifar-100`)
     * @param split train or test
     * @param directory the data directory, or `null` for the default search (`-Dhebbkit.data`, `$HEBBKIT_DATA`,
     *     `~/.hebbkit/datasets`)
     * @param download whether missing files may be downloaded
     * @param limit keep only the first `limit` images (0 keeps all)
     */
    @JvmStatic
    @Throws(java.io.IOException::class)
    fun load(dataset: String, split: Split, directory: Path?, download: Boolean, limit: Int): ImageSplit {
        val progress = if (download) ProgressBar() else null
        val loaded = when (dataset) {
            "mnist" -> Mnist.builder().optSplit(split).optDataDirectory(directory).optDownload(download).build().prepare(progress)
            "fashion-mnist" -> FashionMnist.builder().optSplit(split).optDataDirectory(directory).optDownload(download).build()
                .prepare(progress)
            "cifar-10" -> Cifar10.builder().optSplit(split).optDataDirectory(directory).optDownload(download).build().prepare(progress)
            "cifar-100" -> Cifar100.builder().optSplit(split).optDataDirectory(directory).optDownload(download).build()
                .prepare(progress)
            else -> throw IllegalArgumentException("unknown dataset '$dataset'; known: mnist, fashion-mnist, cifar-10, cifar-100")
        }
        return if (limit in 1 until loaded.size()) Subsets.firstN(loaded, limit) else loaded
    }

    /**
     * The datasets module's name for a name users type (`cifar10` or `cifar-10`).
     *
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    @JvmStatic
    fun canonicalName(name: String): String = when (name.lowercase(Locale.ROOT)) {
        "mnist" -> "mnist"
        "fashion-mnist", "fashionmnist" -> "fashion-mnist"
        "cifar10", "cifar-10" -> "cifar-10"
        "cifar100", "cifar-100" -> "cifar-100"
        else -> throw IllegalArgumentException("Unknown dataset '$name'. Valid datasets: ${NAMES.joinToString(", ")}")
    }

    /** The split as the library's source of labelled images. */
    @JvmStatic
    fun adapt(split: ImageSplit): LabelledImages = LabelledImages.of(split.size(), split::label, split::images)
}
