package org.hebbkit.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.hebbkit.datasets.ImageSplit;
import org.hebbkit.datasets.Split;
import org.hebbkit.notebook.Datasets;
import org.hebbkit.train.LabelledImages;

/** The command line's names for {@link Datasets}: loads the split a preset names and adapts it for the trainers. */
final class DatasetLoader {

    private DatasetLoader() {}

    /** {@link Datasets#load}. */
    static ImageSplit load(String dataset, Split split, Path directory, boolean download, int limit) throws IOException {
        return Datasets.load(dataset, split, directory, download, limit);
    }

    /** {@link Datasets#canonicalName}. */
    static String canonicalName(String name) {
        return Datasets.canonicalName(name);
    }

    /** {@link Datasets#adapt}. */
    static LabelledImages adapt(ImageSplit split) {
        return Datasets.adapt(split);
    }
}
