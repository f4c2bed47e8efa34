package org.hebbkit.datasets;

import java.util.List;

/**
 * Imagenette (Howard 2019, fast.ai; version 2, December 2019): ten easily told apart ImageNet classes, 9,469
 * training and 3,925 validation images (the test split here), in the 160 px version SoftHebb's ImageNette recipe
 * reads ({@code imagenette2-160}: shortest side 160 px), resized to 160 x 160. Files: class folders under
 * {@code imagenette/imagenette2-160/{train,val}/}, from the fast.ai archive {@code imagenette2-160.tgz} (its MD5 as
 * torchvision lists it is checked on download). In memory as bytes: 727 MB (training), 301 MB (validation).
 *
 * <pre>{@code
 * ImageSplit train = ImageNette.builder().optDownload(true).build().prepare();   // [9469, 3, 160, 160]
 * }</pre>
 */
public final class ImageNette extends ImageFolderDescription {

    /** The WordNet ids of the classes, sorted: the folders' names. */
    public static final List<String> FOLDERS = List.of("n01440764", "n02102040", "n02979186", "n03000684",
            "n03028079", "n03394916", "n03417042", "n03425413", "n03445777", "n03888605");

    /** The classes' names, in the folders' order. */
    public static final List<String> CLASSES = List.of("tench", "English springer", "cassette player", "chain saw",
            "church", "French horn", "garbage truck", "gas pump", "golf ball", "parachute");

    /** The official archive of the 160 px version. */
    public static final DatasetFile ARCHIVE = new DatasetFile("imagenette/imagenette2-160.tgz", DatasetFile.UNKNOWN_SIZE,
            null, "e793b78cc4c9e9a4ccc0c1155377a412",
            List.of("https://s3.amazonaws.com/fast-ai-imageclas/imagenette2-160.tgz"));

    /** The description, as {@link DatasetRegistry} finds it. */
    public ImageNette() {
        this(ARCHIVE);
    }

    /** The same dataset with another archive (tests with generated files). */
    ImageNette(DatasetFile archive) {
        super("imagenette", List.of("imagenette2", "imagenette-160"), "imagenette/imagenette2-160", "train", "val",
                FOLDERS, CLASSES, 160, 9_469, 3_925, archive, "Howard 2019 (fast.ai)");
    }

    /** A loader with the defaults: training split, 160 x 160, data directory from the environment, no download. */
    public static ImageFolderDataset.Builder builder() {
        return new ImageNette().loader();
    }
}
