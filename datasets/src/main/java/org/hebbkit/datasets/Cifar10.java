package org.hebbkit.datasets;

import java.util.List;

/**
 * CIFAR-10 (Krizhevsky 2009), binary version: 50,000 training and 10,000 test colour images of
 * 32x32 pixels in 10 classes. Files: {@code cifar-10/cifar-10-batches-bin/{data_batch_1..5,test_batch}.bin}
 * in the data directory, or the official {@code cifar-10/cifar-10-binary.tar.gz} read in place.
 *
 * <pre>{@code
 * ImageSplit train = Cifar10.builder().optSplit(Split.TRAIN).build().prepare();
 * NDArray x = train.images(manager, 0, 10);   // [10, 3, 32, 32]
 * }</pre>
 */
public final class Cifar10 extends CifarDescription {


    /** The official binary archive (md5 as published on the CIFAR page). */
    public static final DatasetFile ARCHIVE = new DatasetFile("cifar-10/cifar-10-binary.tar.gz", 170_052_171,
            null, "c32a1d4ab5d03f1284b67883e8d87530",
            List.of("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"));

    /** The five training batches and the test batch, with the sha256 of the files in the official archive. */
    public static final List<DatasetFile> BATCHES = List.of(
            batch("data_batch_1.bin", "cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5",
                    "5dd7e06a14cb22eb9f671a540d1b7c25"),
            batch("data_batch_2.bin", "a591ca11fa1708a91ee40f54b3da4784ccd871ecf2137de63f51ada8b3fa57ed",
                    "5ea93a67294ea407fff1d09f752e9692"),
            batch("data_batch_3.bin", "bbe8596564c0f86427f876058170b84dac6670ddf06d79402899d93ceea26f67",
                    "942cd6a4bcdd0dd3c604fbe906cb4421"),
            batch("data_batch_4.bin", "014e562d6e23c72197cc727519169a60359f5eccd8945ad5a09d710285ff4e48",
                    "ae636b3ba5c66a11e91e8cb52e771fcb"),
            batch("data_batch_5.bin", "755304fc0b379caeae8c14f0dac912fbc7d6cd469eb67a1029a08a39453a9add",
                    "53f37980c15c3d472c316c40844f3f0d"),
            batch("test_batch.bin", "8e2eb146ae340b09e24670f29cabc6326dba54da8789dab6768acf480273f65b",
                    "803d5f7f4d78ea53de84dbe85f74fb6d"));

    /** Class names, index = label. */
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    /** The description, as {@link DatasetRegistry} finds it. */
    public Cifar10() {
        super("cifar-10", List.of("cifar10", "cifar_10"), ARCHIVE, BATCHES.subList(0, 5), BATCHES.subList(5, 6), 1, CLASSES,
                List.of());
    }

    /** A loader with the defaults: training split, data directory from the environment, no download. */
    public static CifarDataset.Builder builder() {
        return new Cifar10().loader();
    }

    private static DatasetFile batch(String name, String sha256, String md5) {
        return new DatasetFile("cifar-10/cifar-10-batches-bin/" + name, 30_730_000, sha256, md5, List.of());
    }
}
