package org.hebbkit.datasets;

import java.util.List;
import java.util.Map;

/**
 * A dataset of 28 x 28 grayscale images distributed as four gzip-compressed IDX files (LeCun et al. 1998's
 * format): train images, train labels, test images, test labels; 60,000 training and 10,000 test images. A
 * dataset of this kind is only its names, files and classes ({@link Mnist}, {@link FashionMnist}); one reader,
 * {@link IdxDataset}, loads them all.
 */
public abstract class IdxDescription extends AbstractDatasetDescription {

    /** Image side in pixels. */
    public static final int SIDE = 28;

    private static final String[] FILE_NAMES = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};

    private final List<DatasetFile> files;

    /** A dataset of 60,000 training and 10,000 test images (MNIST's sizes). */
    protected IdxDescription(String name, List<String> aliases, List<DatasetFile> files, List<String> classNames,
            String citation) {
        this(name, aliases, files, classNames, citation, 60_000, 10_000);
    }

    /**
     * @param name canonical name and folder
     * @param aliases other names users type
     * @param files the four files in {@link #files(String, List, long[], String[], String[])}'s order
     * @param classNames index = label
     * @param citation authors and year
     * @param trainSize images in the training split, at least 1
     * @param testSize images in the test split, at least 1
     */
    protected IdxDescription(String name, List<String> aliases, List<DatasetFile> files, List<String> classNames,
            String citation, int trainSize, int testSize) {
        super(name, aliases, 1, SIDE, SIDE, classNames, splitSizes(name, trainSize, testSize), citation);
        if (files.size() != 4) {
            throw new IllegalArgumentException("an IDX dataset has 4 files, got " + files.size() + " for " + name);
        }
        this.files = List.copyOf(files);
    }

    private static Map<Split, Integer> splitSizes(String name, int trainSize, int testSize) {
        if (trainSize < 1 || testSize < 1) {
            throw new IllegalArgumentException("split sizes of " + name + " must be at least 1, got " + trainSize
                    + " and " + testSize);
        }
        return Map.of(Split.TRAIN, trainSize, Split.TEST, testSize);
    }

    @Override
    public final List<DatasetFile> files() {
        return files;
    }

    /** The images file and the labels file of a split. */
    public final List<DatasetFile> files(Split split) {
        return split == Split.TRAIN ? files.subList(0, 2) : files.subList(2, 4);
    }

    @Override
    public final String format() {
        return "IDX, gzip-compressed (images and labels in separate files)";
    }

    @Override
    public final IdxDataset.Builder loader() {
        return new IdxDataset.Builder(this);
    }

    /**
     * The four published files of an IDX dataset in {@code folder}, each downloadable from every base URL.
     *
     * @param sizes exact sizes in bytes, in the order train images, train labels, test images, test labels
     * @param sha256 their SHA-256, same order
     * @param md5 their MD5 as the publisher lists them, same order
     */
    protected static List<DatasetFile> files(String folder, List<String> bases, long[] sizes, String[] sha256,
            String[] md5) {
        DatasetFile[] files = new DatasetFile[4];
        for (int i = 0; i < 4; i++) {
            String fileName = FILE_NAMES[i];
            files[i] = new DatasetFile(folder + "/" + fileName, sizes[i], sha256[i], md5[i],
                    bases.stream().map(base -> base + fileName).toList());
        }
        return List.of(files);
    }
}
