package org.hebbkit.datasets;

import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017): 60,000 training and 10,000 test images of clothing,
 * 28x28 grayscale, 10 classes. Files: {@code fashion-mnist/*-ubyte.gz} in the data directory.
 *
 * <pre>{@code
 * ImageSplit train = FashionMnist.builder().build().prepare();
 * }</pre>
 */
public final class FashionMnist extends IdxDescription {

    /** Published files with their checksums (md5 as torchvision lists them, sha256 measured on the originals). */
    public static final List<DatasetFile> FILES = files("fashion-mnist",
            List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            new long[] {26_421_880, 29_515, 4_422_102, 5_148},
            new String[] {
                "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
                "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
                "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"},
            new String[] {
                "8d4fb7e6c68d591d4c3dfef9ec88bf0d", "25c81989df183df01b3e8a0aad5dffbe",
                "bef4ecab320f06d8554ea6380940ec79", "bb300cfdad3c16e7a12a480ee83cd310"});

    /** Class names, index = label. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The description, as {@link DatasetRegistry} finds it. */
    public FashionMnist() {
        super("fashion-mnist", List.of("fashionmnist", "fashion_mnist"), FILES, CLASSES, "Xiao, Rasul, Vollgraf 2017");
    }

    /** A loader with the defaults: training split, data directory from the environment, no download. */
    public static IdxDataset.Builder builder() {
        return new FashionMnist().loader();
    }
}
