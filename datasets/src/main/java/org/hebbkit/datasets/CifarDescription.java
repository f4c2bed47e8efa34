package org.hebbkit.datasets;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A CIFAR dataset in its binary version (Krizhevsky 2009): 32 x 32 colour images in fixed-size records
 * ({@code labelBytes} label bytes, then 1,024 red, 1,024 green, 1,024 blue pixel bytes, row by row) in
 * {@code .bin} files, distributed in one {@code .tar.gz}. A dataset of this kind is only its names, files and
 * classes ({@link Cifar10}, {@link Cifar100}); one reader, {@link CifarDataset}, loads them all.
 */
public abstract class CifarDescription extends AbstractDatasetDescription {

    private final DatasetFile archive;
    private final List<DatasetFile> trainFiles;
    private final List<DatasetFile> testFiles;
    private final int labelBytes;
    private final List<String> coarseClassNames;

    /**
     * @param name canonical name and folder
     * @param aliases other names users type
     * @param archive the official archive, holding every batch file under the same relative path less the folder
     * @param trainFiles the training split's batch files, in order
     * @param testFiles the test split's batch files, in order
     * @param labelBytes label bytes per record: 1 (CIFAR-10), 2 (CIFAR-100: coarse, then fine)
     * @param classNames index = label (CIFAR-100: the fine label's)
     * @param coarseClassNames the coarse label's classes (CIFAR-100's 20 superclasses); empty where there is none
     */
    protected CifarDescription(String name, List<String> aliases, DatasetFile archive, List<DatasetFile> trainFiles,
            List<DatasetFile> testFiles, int labelBytes, List<String> classNames, List<String> coarseClassNames) {
        super(name, aliases, 3, 32, 32, classNames, Map.of(Split.TRAIN, records(trainFiles, labelBytes), Split.TEST,
                records(testFiles, labelBytes)), "Krizhevsky 2009");
        this.archive = Objects.requireNonNull(archive, "archive");
        this.trainFiles = List.copyOf(trainFiles);
        this.testFiles = List.copyOf(testFiles);
        this.labelBytes = labelBytes;
        this.coarseClassNames = List.copyOf(coarseClassNames);
    }

    /** Records in batch files of records with {@code labelBytes} label bytes, checked to be 1 or 2. */
    private static int records(List<DatasetFile> files, int labelBytes) {
        if (labelBytes != 1 && labelBytes != 2) {
            throw new IllegalArgumentException("CIFAR records have 1 or 2 label bytes, got " + labelBytes);
        }
        int records = 0;
        for (DatasetFile file : files) {
            records += (int) (file.size() / (labelBytes + CifarBinaryFormat.IMAGE_BYTES));
        }
        return records;
    }

    /** The coarse label's classes; empty where records have one label. */
    public final List<String> coarseClassNames() {
        return coarseClassNames;
    }

    /** Records in one batch file: its size over the record size. */
    public final int recordsIn(DatasetFile file) {
        return (int) (file.size() / recordBytes());
    }

    /** Bytes per record: the label bytes and 3,072 pixel bytes. */
    public final int recordBytes() {
        return labelBytes + CifarBinaryFormat.IMAGE_BYTES;
    }

    /** Label bytes per record. */
    public final int labelBytes() {
        return labelBytes;
    }

    /** The official archive. */
    public final DatasetFile archive() {
        return archive;
    }

    /** A split's batch files, in order (none for a split CIFAR does not have). */
    public final List<DatasetFile> files(Split split) {
        return split == Split.TRAIN ? trainFiles : split == Split.TEST ? testFiles : List.of();
    }

    @Override
    public final List<DatasetFile> files() {
        List<DatasetFile> all = new java.util.ArrayList<>(trainFiles);
        all.addAll(testFiles);
        all.add(archive);
        return List.copyOf(all);
    }

    @Override
    public final String format() {
        return "CIFAR binary: " + recordBytes() + "-byte records (" + labelBytes
                + (labelBytes == 1 ? " label byte" : " label bytes") + ", 3,072 pixel bytes, channel-major), in a .tar.gz";
    }

    @Override
    public final CifarDataset.Builder loader() {
        return new CifarDataset.Builder(this);
    }
}
