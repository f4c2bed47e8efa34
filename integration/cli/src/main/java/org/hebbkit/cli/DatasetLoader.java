package org.hebbkit.cli;

import ai.djl.training.util.ProgressBar;
import java.io.IOException;
import java.nio.file.Path;
import org.hebbkit.datasets.Cifar10;
import org.hebbkit.datasets.Cifar100;
import org.hebbkit.datasets.FashionMnist;
import org.hebbkit.datasets.ImageSplit;
import org.hebbkit.datasets.Mnist;
import org.hebbkit.datasets.Split;
import org.hebbkit.datasets.transform.Subsets;
import org.hebbkit.train.LabelledImages;

/** Loads the split a preset names from the datasets module and adapts it for the library's trainers. */
final class DatasetLoader {

    private DatasetLoader() {}

    /**
     * @param dataset the preset's dataset name
     * @param split train or test
     * @param directory data directory, or {@code null} for the default search
     * @param download whether missing files may be downloaded
     * @param limit keep only the first {@code limit} images (0 keeps all)
     */
    static ImageSplit load(String dataset, Split split, Path directory, boolean download, int limit) throws IOException {
        ImageSplit loaded = switch (dataset) {
            case "mnist" -> Mnist.builder().optSplit(split).optDataDirectory(directory).optDownload(download).build()
                    .prepare(download ? new ProgressBar() : null);
            case "fashion-mnist" -> FashionMnist.builder().optSplit(split).optDataDirectory(directory).optDownload(download)
                    .build().prepare(download ? new ProgressBar() : null);
            case "cifar-10" -> Cifar10.builder().optSplit(split).optDataDirectory(directory).optDownload(download).build()
                    .prepare(download ? new ProgressBar() : null);
            case "cifar-100" -> Cifar100.builder().optSplit(split).optDataDirectory(directory).optDownload(download)
                    .build().prepare(download ? new ProgressBar() : null);
            default -> throw new IllegalArgumentException("unknown dataset '" + dataset
                    + "'; known: mnist, fashion-mnist, cifar-10, cifar-100");
        };
        if (limit > 0 && limit < loaded.size()) {
            return Subsets.firstN(loaded, limit);
        }
        return loaded;
    }

    /**
     * The datasets module's name for a dataset the command line accepts ({@code cifar10} or {@code cifar-10}).
     *
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    static String canonicalName(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "mnist" -> "mnist";
            case "fashion-mnist", "fashionmnist" -> "fashion-mnist";
            case "cifar10", "cifar-10" -> "cifar-10";
            case "cifar100", "cifar-100" -> "cifar-100";
            default -> throw new IllegalArgumentException("Unknown dataset '" + name
                    + "'. Valid datasets: mnist, fashion-mnist, cifar10, cifar100");
        };
    }

    /** The split as the library's source of labelled images. */
    static LabelledImages adapt(ImageSplit split) {
        return LabelledImages.of(split.size(), split::label, split::images);
    }
}
