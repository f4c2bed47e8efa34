package org.hebbkit.datasets;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * STL-10 (Coates, Lee and Ng 2011, "An Analysis of Single-Layer Networks in Unsupervised Feature Learning",
 * AISTATS), binary version: 96 x 96 colour images in 10 classes; 5,000 labelled training images (500 per class, with
 * ten predefined folds of 1,000), 8,000 test images, and 100,000 unlabeled images for unsupervised learning.
 * Files under {@code stl-10/stl10_binary/}: {@code train_X.bin}, {@code train_y.bin}, {@code test_X.bin},
 * {@code test_y.bin}, {@code unlabeled_X.bin}, {@code fold_indices.txt} (format: {@link Stl10Format}); published
 * as one archive, {@code stl10_binary.tar.gz} (2.6 GB), whose MD5 is checked on download, as are the MD5s
 * torchvision lists for the extracted {@code .bin} files. In memory: training 138 MB, test 221 MB as bytes; the
 * unlabeled split (2.76 GB) stays on disk and is read in chunks ({@link Stl10Dataset#prepareSource()}).
 *
 * <pre>{@code
 * ImageSplit train = Stl10.builder().optSplit(Split.TRAIN).build().prepare();               // 5,000 images
 * ImageSplit fold = Stl10.builder().optFold(3).build().prepare();                            // 1,000 of them
 * try (ImageSource unlabeled = Stl10.builder().optSplit(Split.UNLABELED).build().prepareSource()) { ... }
 * }</pre>
 */
public final class Stl10 extends AbstractDatasetDescription {

    /** The canonical name and folder. */
    public static final String NAME = "stl-10";

    private static final String BASE = NAME + "/stl10_binary/";

    /** The official archive (MD5 as torchvision lists it). */
    public static final DatasetFile ARCHIVE = new DatasetFile(NAME + "/stl10_binary.tar.gz", DatasetFile.UNKNOWN_SIZE,
            null, "91f7769df0f17e558f3565bffb0c7dfb", List.of("http://ai.stanford.edu/~acoates/stl10/stl10_binary.tar.gz"));

    /**
     * The files inside it, in the order train images, train labels, test images, test labels, unlabeled images,
     * fold indices (sizes from the format; MD5s as torchvision lists them; the fold file's are not published).
     */
    public static final List<DatasetFile> FILES = List.of(
            new DatasetFile(BASE + "train_X.bin", 5_000L * Stl10Format.IMAGE_BYTES, null,
                    "918c2871b30a85fa023e0c44e0bee87f", List.of()),
            new DatasetFile(BASE + "train_y.bin", 5_000L, null, "5a34089d4802c674881badbb80307741", List.of()),
            new DatasetFile(BASE + "test_X.bin", 8_000L * Stl10Format.IMAGE_BYTES, null,
                    "7f263ba9f9e0b06b93213547f721ac82", List.of()),
            new DatasetFile(BASE + "test_y.bin", 8_000L, null, "36f9794fa4beb8a2c72628de14fa638e", List.of()),
            new DatasetFile(BASE + "unlabeled_X.bin", 100_000L * Stl10Format.IMAGE_BYTES, null,
                    "5242ba1fed5e4be9e1e742405eb56ca4", List.of()),
            new DatasetFile(BASE + "fold_indices.txt", DatasetFile.UNKNOWN_SIZE, null, null, List.of()));

    /** The classes, index = label (the file's label minus 1). */
    public static final List<String> CLASSES = List.of("airplane", "bird", "car", "cat", "deer", "dog", "horse",
            "monkey", "ship", "truck");

    private final List<DatasetFile> files;
    private final DatasetFile archive;

    /** The description, as {@link DatasetRegistry} finds it. */
    public Stl10() {
        this(FILES, ARCHIVE, 5_000, 8_000, 100_000);
    }

    /** A description with other checksums and sizes (tests with generated files): same names and layout. */
    Stl10(List<DatasetFile> files, DatasetFile archive, int train, int test, int unlabeled) {
        super(NAME, List.of("stl10", "stl_10"), 3, Stl10Format.SIDE, Stl10Format.SIDE, CLASSES,
                Map.of(Split.TRAIN, train, Split.TEST, test, Split.UNLABELED, unlabeled), "Coates, Lee and Ng 2011");
        if (files.size() != 6) {
            throw new IllegalArgumentException("STL-10 has 6 files, got " + files.size());
        }
        this.files = List.copyOf(files);
        this.archive = Objects.requireNonNull(archive, "archive");
    }

    /** A loader with the defaults: training split, every training image, data directory from the environment. */
    public static Stl10Dataset.Builder builder() {
        return new Stl10().loader();
    }

    @Override
    public List<DatasetFile> files() {
        List<DatasetFile> all = new java.util.ArrayList<>(files);
        all.add(archive);
        return List.copyOf(all);
    }

    /** The images file of a split ({@code train_X.bin}, {@code test_X.bin}, {@code unlabeled_X.bin}). */
    public DatasetFile imagesFile(Split split) {
        return files.get(switch (split) {
            case TRAIN -> 0;
            case TEST -> 2;
            case UNLABELED -> 4;
        });
    }

    /** The labels file of a labelled split. */
    public DatasetFile labelsFile(Split split) {
        if (split == Split.UNLABELED) {
            throw new IllegalArgumentException("the unlabeled split has no labels file");
        }
        return files.get(split == Split.TRAIN ? 1 : 3);
    }

    /** {@code fold_indices.txt}. */
    public DatasetFile foldsFile() {
        return files.get(5);
    }

    /** The official archive. */
    public DatasetFile archive() {
        return archive;
    }

    @Override
    public String format() {
        return "STL-10 binary: uint8 images of 3 x 96 x 96, each plane column-major, labels 1-10 in separate files,"
                + " in a .tar.gz";
    }

    @Override
    public Stl10Dataset.Builder loader() {
        return new Stl10Dataset.Builder(this);
    }
}
