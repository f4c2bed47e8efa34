package org.hebbkit.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-100 (Krizhevsky 2009), binary version: 50,000 training and 10,000 test colour images of
 * 32x32 pixels, each with a coarse label (20 superclasses) and a fine label (100 classes).
 * Files: {@code cifar-100/cifar-100-binary/{train,test}.bin}, or the official
 * {@code cifar-100/cifar-100-binary.tar.gz} read in place. Records are 3,074 bytes: coarse label,
 * fine label, 3,072 pixel bytes. The archive's md5 is checked on download; the extracted files, whose
 * checksums are not published, are checked by size and label range.
 *
 * <pre>{@code
 * ImageSplit train = Cifar100.builder().optLabels(Cifar100.Labels.FINE).build().prepare();
 * }</pre>
 */
public final class Cifar100 extends CifarDescription {


    /** Which of the two labels a record's label is. */
    public enum Labels {
        /** 20 superclasses. */
        COARSE,
        /** 100 classes (the usual benchmark). */
        FINE
    }

    /** The official binary archive (md5 as published on the CIFAR page). */
    public static final DatasetFile ARCHIVE = new DatasetFile("cifar-100/cifar-100-binary.tar.gz",
            DatasetFile.UNKNOWN_SIZE, null, "03b5dce01913d631647c71ecec9e9cb8",
            List.of("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz"));

    /** The training file (50,000 records) and the test file (10,000 records). */
    public static final List<DatasetFile> BATCHES = List.of(
            new DatasetFile("cifar-100/cifar-100-binary/train.bin", 50_000L * 3074, null, null, List.of()),
            new DatasetFile("cifar-100/cifar-100-binary/test.bin", 10_000L * 3074, null, null, List.of()));

    /** The description, as {@link DatasetRegistry} finds it. */
    public Cifar100() {
        super("cifar-100", List.of("cifar100", "cifar_100"), ARCHIVE, BATCHES.subList(0, 1), BATCHES.subList(1, 2), 2,
                numbered("class ", 100), numbered("superclass ", 20));
    }

    /** A loader with the defaults: training split, fine labels, data directory from the environment, no download. */
    public static CifarDataset.Builder builder() {
        return new Cifar100().loader();
    }

    private static List<String> numbered(String prefix, int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(prefix + i);
        }
        return names;
    }
}
