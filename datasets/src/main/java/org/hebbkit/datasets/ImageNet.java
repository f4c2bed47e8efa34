package org.hebbkit.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * ImageNet (ILSVRC 2012; Russakovsky et al. 2015): 1,281,167 training and 50,000 validation images (the test split
 * here) in 1,000 classes, read from class folders {@code imagenet/train/nXXXXXXXX/*.JPEG} and
 * {@code imagenet/val/nXXXXXXXX/*.JPEG} (labels: the 1,000 folder names sorted, the usual order) and resized to
 * 160 x 160 (the side of SoftHebb's ImageNet runs, {@code ImageNet_1160} and {@code ImageNet_200aug160}). There is no
 * public download: the archives come from image-net.org after registration, and the validation images must be
 * sorted into class folders ({@link #howToGet()}). As bytes the training split would be 98 GB and the validation
 * split 3.8 GB, so both are read from disk batch by batch ({@link ImageFolderDataset#prepareSource()}).
 */
public final class ImageNet extends ImageFolderDescription {

    /** The training archive as image-net.org publishes it (MD5 as torchvision lists it); no public URL. */
    public static final DatasetFile TRAIN_ARCHIVE = new DatasetFile("imagenet/ILSVRC2012_img_train.tar",
            DatasetFile.UNKNOWN_SIZE, null, "1d675b47d978889d74fa0da5fadfb00e", List.of());

    /** The validation archive (MD5 as torchvision lists it); no public URL. */
    public static final DatasetFile VAL_ARCHIVE = new DatasetFile("imagenet/ILSVRC2012_img_val.tar",
            DatasetFile.UNKNOWN_SIZE, null, "29b22e2961454d5413ddabcf34fc5622", List.of());

    /** The description, as {@link DatasetRegistry} finds it. */
    public ImageNet() {
        super("imagenet", List.of("ilsvrc2012", "imagenet-1k"), "imagenet", "train", "val", List.of(),
                numbered(1000), 160, 1_281_167, 50_000, null, "Russakovsky et al. 2015");
    }

    @Override
    public List<DatasetFile> files() {
        return List.of(TRAIN_ARCHIVE, VAL_ARCHIVE);
    }

    @Override
    public String howToGet() {
        return "ImageNet has no public download. Register at https://image-net.org, download ILSVRC2012_img_train.tar"
                + " (md5 " + TRAIN_ARCHIVE.md5() + ") and ILSVRC2012_img_val.tar (md5 " + VAL_ARCHIVE.md5() + "),"
                + " extract the training archive's 1,000 inner tars into imagenet/train/<wnid>/ and sort the validation"
                + " images into imagenet/val/<wnid>/ (torchvision's ImageNet class or the usual valprep.sh does this),"
                + " in the data directory";
    }

    private static List<String> numbered(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add("class " + i);
        }
        return names;
    }
}
