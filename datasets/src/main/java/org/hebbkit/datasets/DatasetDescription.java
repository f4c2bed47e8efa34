package org.hebbkit.datasets;

import java.util.List;

/**
 * One image dataset, described once: its names, image shape, classes, split sizes, files with their checksums,
 * file format, and how to load it. Every list of datasets in HebbKit (the command line's help and checks, the
 * notebook API, a study's training-set size) reads {@link DatasetRegistry}, which finds descriptions with
 * {@link java.util.ServiceLoader}: a user adds a dataset by putting a jar on the class path whose
 * {@code META-INF/services/org.hebbkit.datasets.DatasetDescription} names a class implementing this interface
 * (public, with a public no-argument constructor), or by calling {@link DatasetRegistry#register}.
 *
 * <p>A description only describes: it touches neither disk nor network. {@link #loader()} returns a builder whose
 * {@code build().prepare()} finds, downloads when asked, verifies and reads a split.
 *
 * <pre>{@code
 * DatasetDescription cifar = DatasetRegistry.find("cifar10");          // canonical name "cifar-10"
 * ImageSplit test = cifar.loader().optSplit(Split.TEST).build().prepare();
 * int trainImages = cifar.size(Split.TRAIN);                            // 50,000
 * }</pre>
 */
public interface DatasetDescription {

    /** The canonical name, lower case, also the dataset's folder in the data directory ({@code "cifar-10"}). */
    String name();

    /** Other names users type for it ({@code "cifar10"}); matched without regard to case. */
    List<String> aliases();

    /** Colour channels of an image (1 grayscale, 3 RGB). */
    int channels();

    /** Image height in pixels. */
    int height();

    /** Image width in pixels. */
    int width();

    /** Class names, index = label (the default labelling where a dataset offers more than one). */
    List<String> classNames();

    /** Images in a split (0 for a split the dataset does not have). */
    int size(Split split);

    /** The splits the dataset is published with; default training and test. */
    default List<Split> splits() {
        return List.of(Split.TRAIN, Split.TEST);
    }

    /** Every file the dataset is published as, with sizes and checksums (archives included). */
    List<DatasetFile> files();

    /** The file format, for people ({@code "IDX, gzip-compressed"}). */
    String format();

    /** Where the dataset comes from: authors and year. */
    String citation();

    /** A builder of a loader for this dataset, with the defaults (training split, no download). */
    ImageDataset.BaseBuilder<?> loader();

    /** {@code 3 x 32 x 32} (channels x height x width), for messages. */
    default String shape() {
        return channels() + " x " + height() + " x " + width();
    }
}
