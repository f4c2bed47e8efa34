package org.hebbkit.run;

import ai.djl.training.util.ProgressBar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.hebbkit.datasets.DatasetDescription;
import org.hebbkit.datasets.DatasetRegistry;
import org.hebbkit.datasets.ImageSplit;
import org.hebbkit.datasets.Split;
import org.hebbkit.datasets.transform.Subsets;
import org.hebbkit.model.Preset;
import org.hebbkit.train.LabelledImages;

/**
 * The splits a run reads, by dataset name through {@link DatasetRegistry}, and their adaptation for the library's
 * trainers; used by the command line, the notebook API and trial processes alike.
 *
 * <pre>{@code
 * ImageSplit test = DataSplits.load("cifar10", Split.TEST, null, false, 1000);   // the first 1,000 test images
 * LabelledImages images = DataSplits.adapt(test);
 * }</pre>
 */
public final class DataSplits {

    private DataSplits() {}

    /**
     * Loads a split.
     *
     * @param dataset a name or alias {@link DatasetRegistry} knows ({@code mnist}, {@code cifar10}, ...)
     * @param split train or test
     * @param directory the data directory, or {@code null} for the default search ({@code -Dhebbkit.data},
     *     {@code $HEBBKIT_DATA}, {@code ~/.hebbkit/datasets})
     * @param download whether missing files may be downloaded (with a progress bar)
     * @param limit keep only the first {@code limit} images; 0 keeps all
     * @throws IllegalArgumentException for an unknown dataset, listing the known ones
     * @throws IOException when files are missing, damaged or unreachable; the message says which and what to do
     */
    public static ImageSplit load(String dataset, Split split, Path directory, boolean download, int limit)
            throws IOException {
        DatasetDescription description = DatasetRegistry.find(dataset);
        ImageSplit loaded = description.loader().optSplit(split).optDataDirectory(directory).optDownload(download).build()
                .prepare(download ? new ProgressBar() : null);
        return limit > 0 && limit < loaded.size() ? Subsets.firstN(loaded, limit) : loaded;
    }

    /**
     * The canonical name of a dataset name users type ({@code cifar10} gives {@code cifar-10}).
     *
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    public static String canonicalName(String name) {
        return DatasetRegistry.find(name).name();
    }

    /**
     * Training images of a dataset's training split ({@code cifar-10}: 50,000), for a study's full budget.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static int trainingImages(String name) {
        return DatasetRegistry.find(name).size(Split.TRAIN);
    }

    /**
     * Refuses data whose images are not the shape the network takes, before any of it reaches the network (whose own
     * check would name a layer, not the cause).
     *
     * @param trained what the network was made for: {@code this model was trained on} or {@code preset NAME takes}
     * @param fix what to do, appended after a colon
     * @throws IllegalArgumentException {@code this model was trained on mnist (1 x 28 x 28); the data is cifar-10 (3 x 32 x 32): ...}
     */
    /**
     * The training images a run held out {@code validation} images from trains on: {@code limitTrain}, or all the
     * others for 0 ({@code train --validation}, {@code sweep --validation}: the last images are the validation set,
     * training takes the first ones, without overlap).
     *
     * @throws IllegalArgumentException when the two do not fit in the {@code size} training images of {@code dataset}
     */
    public static int imagesBesideValidation(int validation, int limitTrain, int size, String dataset) {
        int trainImages = limitTrain > 0 ? limitTrain : size - validation;
        if (trainImages < 1 || trainImages + validation > size) {
            throw new IllegalArgumentException("--validation " + validation + (limitTrain > 0 ? " with --limit-train "
                    + limitTrain : "") + " needs more than the " + size + " training images of " + dataset
                    + "; the validation images are the last ones and training takes the first ones, without overlap");
        }
        return trainImages;
    }

    public static void requireShape(Preset preset, String trained, String dataset, ImageSplit split, String fix) {
        List<Integer> data = List.of(split.channels(), split.height(), split.width());
        if (!data.equals(preset.input())) {
            throw new IllegalArgumentException(trained + " " + preset.dataset() + " (" + dims(preset.input()) + "); the data is "
                    + canonicalName(dataset) + " (" + dims(data) + "): " + fix);
        }
    }

    private static String dims(List<Integer> shape) {
        return shape.stream().map(String::valueOf).collect(Collectors.joining(" x "));
    }

    /**
     * Refuses a {@code --data} that is an existing file: the option names the folder holding the datasets.
     *
     * @throws IllegalArgumentException naming the option and the file
     */
    public static void requireDataFolder(Path directory) {
        if (directory != null && Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new IllegalArgumentException("--data " + directory + " is a file; give the folder holding the datasets"
                    + " (mnist/, cifar-10/, ...), or leave --data out for the default");
        }
    }

    /** The split as the library's source of labelled images. */
    public static LabelledImages adapt(ImageSplit split) {
        return LabelledImages.of(split.size(), split::label, split::images);
    }
}
