package org.hebbkit.run;

import ai.djl.training.util.ProgressBar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.hebbkit.datasets.DatasetDescription;
import org.hebbkit.datasets.DatasetRegistry;
import org.hebbkit.datasets.ImageSource;
import org.hebbkit.datasets.ImageSplit;
import org.hebbkit.datasets.Split;
import org.hebbkit.datasets.transform.ReadoutAugmentation;
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
        ImageSource source = source(dataset, split, directory, download);
        if (source instanceof ImageSplit loaded) {
            return limit > 0 && limit < loaded.size() ? Subsets.firstN(loaded, limit) : loaded;
        }
        try (source) {
            if (limit <= 0 || limit > source.size()) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s is %,d images of %s, %,d bytes in memory:"
                        + " more than the readout's feature cache can hold on one machine. Give --limit-%s N (N images"
                        + " spread evenly over the split, so every class is there)", source.name(), source.size(),
                        source.channels() + " x " + source.height() + " x " + source.width(),
                        (long) source.size() * source.channels() * source.height() * source.width(),
                        split == Split.TRAIN ? "train" : "test"));
            }
            return source.gather(spread(source.size(), limit), source.name() + " " + limit + " spread");
        }
    }

    /**
     * Opens a split as a source read batch by batch: in memory where it fits, else from disk (STL-10's unlabeled
     * images, ImageNet). Close it when done.
     *
     * @throws IllegalArgumentException for an unknown dataset, or a split it does not have
     * @throws IOException when files are missing, damaged or unreachable; the message says which and what to do
     */
    public static ImageSource source(String dataset, Split split, Path directory, boolean download) throws IOException {
        return source(dataset, split, directory, download, true);
    }

    /**
     * As {@link #source(String, Split, Path, boolean)}, choosing whether files on disk are checked against their
     * checksums ({@code false}: sizes only; for benchmarks on generated files of the real size).
     */
    public static ImageSource source(String dataset, Split split, Path directory, boolean download, boolean verify)
            throws IOException {
        DatasetDescription description = DatasetRegistry.find(dataset);
        if (!description.splits().contains(split)) {
            throw new IllegalArgumentException(description.name() + " has no " + split.name().toLowerCase(Locale.ROOT)
                    + " split (its splits: " + description.splits().stream().map(s -> s.name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", ")) + ")" + (split == Split.UNLABELED
                                    ? "; the Hebbian blocks can learn from its training images: --hebbian-data train" : ""));
        }
        return description.loader().optSplit(split).optDataDirectory(directory).optDownload(download)
                .optVerifyChecksums(verify).build().prepareSource(download ? new ProgressBar() : null);
    }

    /** {@code count} indices spread evenly over {@code [0, size)}: {@code floor(i * size / count)}. */
    static int[] spread(int size, int count) {
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) {
            indices[i] = (int) ((long) i * size / count);
        }
        return indices;
    }

    /**
     * The readout's training images: {@code train} itself, or, where the preset augments them
     * ({@code probe.augmentation}), that many seeded augmented copies ({@link ReadoutAugmentation}).
     *
     * @param copies overrides the preset's number of copies; {@code null} keeps it, 0 turns augmentation off
     */
    public static ImageSplit readoutImages(Preset preset, ImageSplit train, long seed, Integer copies) {
        Preset.Augmentation augmentation = preset.probe().augmentation();
        if (augmentation == null || (copies != null && copies == 0)) {
            return train;
        }
        return ReadoutAugmentation.copies(train, org.hebbkit.train.RunSpec.lower(augmentation.kind()), copies != null ? copies : augmentation.copies(), seed);
    }

    /**
     * The native memory the feature caches of a run take: one float16 vector of the preset's features per readout
     * training image and per test image ({@code (train + test) * features * 2} bytes).
     */
    public static long featureCacheBytes(Preset preset, int readoutImages, int testImages) {
        return ((long) readoutImages + testImages) * org.hebbkit.model.HebbianNetwork.featureShape(preset).size() * 2;
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

    /** The first {@code limit} images of a source (all for 0) as the library's source of images, read batch by batch. */
    public static LabelledImages adapt(ImageSource source, int limit) {
        int size = limit > 0 ? Math.min(limit, source.size()) : source.size();
        return LabelledImages.of(size, source::label, source::images);
    }
}
