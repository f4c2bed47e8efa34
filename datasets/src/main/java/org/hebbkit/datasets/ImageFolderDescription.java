package org.hebbkit.datasets;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A dataset published as class folders of JPEG or PNG images, the layout of torchvision's {@code ImageFolder}:
 * {@code ROOT/SPLIT/CLASS/IMAGE.JPEG}, one folder per class (its name, a WordNet id such as {@code n01440764},
 * sorted, gives the label), any number of images of any size in each. Read by {@link ImageFolderDataset}, which
 * decodes each image, converts it to RGB and resizes it to {@code side x side} with an antialiased bilinear filter
 * ({@link org.hebbkit.datasets.transform.Resize}, as SoftHebb's {@code transforms.Resize((side, side))}). A dataset of
 * this kind is its names, folders, classes and archive: {@link ImageNette}, {@link ImageNet}.
 */
public abstract class ImageFolderDescription extends AbstractDatasetDescription {

    private final String root;
    private final String trainFolder;
    private final String testFolder;
    private final List<String> folders;
    private final DatasetFile archive;

    /**
     * @param name canonical name, also the folder in the data directory
     * @param aliases other names users type
     * @param root the folder holding the split folders, relative to the data directory ({@code imagenette/imagenette2-160})
     * @param trainFolder the training split's folder under {@code root} ({@code train})
     * @param testFolder the test split's folder under {@code root} ({@code val})
     * @param folders the class folders' names, sorted (index = label); empty to take whatever folders are there
     * @param classNames a name for people per class, same order (or the folder names)
     * @param side images are resized to {@code side x side} unless the loader says otherwise
     * @param trainSize images in the published training split
     * @param testSize images in the published test split
     * @param archive the official archive, holding {@code root}'s last folder; {@code null} where there is no public download
     * @param citation authors and year
     */
    protected ImageFolderDescription(String name, List<String> aliases, String root, String trainFolder,
            String testFolder, List<String> folders, List<String> classNames, int side, int trainSize, int testSize,
            DatasetFile archive, String citation) {
        super(name, aliases, 3, checkedSide(side), side, classNames, Map.of(Split.TRAIN, trainSize, Split.TEST, testSize),
                citation);
        this.root = Objects.requireNonNull(root, "root");
        this.trainFolder = Objects.requireNonNull(trainFolder, "trainFolder");
        this.testFolder = Objects.requireNonNull(testFolder, "testFolder");
        this.folders = List.copyOf(folders);
        if (!folders.isEmpty() && folders.size() != classNames.size()) {
            throw new IllegalArgumentException("folders and classNames of " + name + " differ in length: "
                    + folders.size() + " and " + classNames.size());
        }
        this.archive = archive;
    }

    private static int checkedSide(int side) {
        if (side < 1) {
            throw new IllegalArgumentException("side must be at least 1, got " + side);
        }
        return side;
    }

    /** The class folders' names, index = label; empty when the folders found are taken as they are. */
    public final List<String> folders() {
        return folders;
    }

    /** The folder holding the split folders, relative to the data directory. */
    public final String root() {
        return root;
    }

    /** A split's folder, relative to the data directory ({@code imagenette/imagenette2-160/val}). */
    public final String folder(Split split) {
        return root + "/" + (split == Split.TRAIN ? trainFolder : testFolder);
    }

    /** The official archive, or {@code null} where the dataset has no public download. */
    public final DatasetFile archive() {
        return archive;
    }

    @Override
    public List<DatasetFile> files() {
        return archive == null ? List.of() : List.of(archive);
    }

    @Override
    public final String format() {
        return "class folders of JPEG/PNG images (" + root + "/{" + trainFolder + "," + testFolder + "}/CLASS/*),"
                + " resized to " + height() + " x " + width();
    }

    /**
     * What to tell a user whose data directory lacks the folders and who cannot download them (no public archive);
     * {@code null} where a download exists.
     */
    public String howToGet() {
        return null;
    }

    @Override
    public final ImageFolderDataset.Builder loader() {
        return new ImageFolderDataset.Builder(this);
    }
}
