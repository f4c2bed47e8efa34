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

    /**
     * Refuses data whose images are not the shape the network takes, before any of it reaches the network (whose own
     * check would name a layer, not the cause).
     *
     * @param trained what the network was made for: {@code this model was trained on} or {@code preset NAME takes}
     * @param fix what to do, appended after a colon
     * @throws IllegalArgumentException {@code this model was trained on mnist (1 x 28 x 28); the data is cifar-10 (3 x 32 x 32): ...}
     */
    static void requireShape(org.hebbkit.model.Preset preset, String trained, String dataset, ImageSplit split, String fix) {
        java.util.List<Integer> data = java.util.List.of(split.channels(), split.height(), split.width());
        if (!data.equals(preset.input())) {
            throw new IllegalArgumentException(trained + " " + preset.dataset() + " (" + dims(preset.input()) + "); the data is "
                    + canonicalName(dataset) + " (" + dims(data) + "): " + fix);
        }
    }

    private static String dims(java.util.List<Integer> shape) {
        return shape.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(" x "));
    }

    /**
     * Refuses a {@code --data} that is an existing file: the option names the folder holding the datasets.
     *
     * @throws IllegalArgumentException naming the option and the file
     */
    static void requireDataFolder(Path directory) {
        if (directory != null && java.nio.file.Files.exists(directory) && !java.nio.file.Files.isDirectory(directory)) {
            throw new IllegalArgumentException("--data " + directory + " is a file; give the folder holding the datasets"
                    + " (mnist/, cifar-10/, ...), or leave --data out for the default");
        }
    }

    /** {@link Datasets#adapt}. */
    static LabelledImages adapt(ImageSplit split) {
        return Datasets.adapt(split);
    }
}
