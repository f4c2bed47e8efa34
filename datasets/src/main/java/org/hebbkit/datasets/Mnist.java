package org.hebbkit.datasets;

import java.util.List;

/**
 * MNIST handwritten digits (LeCun, Cortes, Burges): 60,000 training and 10,000 test images,
 * 28x28 grayscale, classes 0-9. Files: {@code mnist/*-ubyte.gz} in the data directory; downloads
 * from the URLs torchvision uses, checked against the checksums below.
 *
 * <pre>{@code
 * ImageSplit test = Mnist.builder().optSplit(Split.TEST).build().prepare();
 * }</pre>
 */
public final class Mnist extends IdxDescription {

    /** Published files, checksums as listed by torchvision (md5) and measured on the originals (sha256). */
    public static final List<DatasetFile> FILES = files("mnist",
            List.of("https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"),
            new long[] {9_912_422, 28_881, 1_648_877, 4_542},
            new String[] {
                "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
                "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"},
            new String[] {
                "f68b3c2dcbeaaa9fbdd348bbdeb94873", "d53e105ee54ea40749a09fcbcd1e9432",
                "9fb629c4189551a2d022fa330f9573f3", "ec29112dd5afa0611ce80d1b7f02629c"});

    /** Class names, index = label. */
    public static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** The description, as {@link DatasetRegistry} finds it. */
    public Mnist() {
        super("mnist", List.of(), FILES, CLASSES, "LeCun, Cortes, Burges 1998");
    }

    /** A loader with the defaults: training split, data directory from the environment, no download. */
    public static IdxDataset.Builder builder() {
        return new Mnist().loader();
    }
}
