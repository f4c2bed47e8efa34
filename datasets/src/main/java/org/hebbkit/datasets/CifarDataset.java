package org.hebbkit.datasets;

import ai.djl.util.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A CIFAR dataset in its binary version: fixed-size records in {@code .bin} batch files, distributed
 * in one {@code .tar.gz}. Read from the extracted files when present, otherwise straight from the
 * archive in the data directory (without writing anything). Downloads fetch the extracted files from
 * a mirror, or the official archive, which is checked, unpacked, checked file by file and moved into place.
 */
public final class CifarDataset extends ImageDataset {

    private final CifarDescription description;
    private final Cifar100.Labels labels;

    private CifarDataset(Builder builder) {
        super(builder);
        this.description = builder.description;
        this.labels = builder.labels;
    }

    /** What this dataset is. */
    public CifarDescription description() {
        return description;
    }

    @Override
    public String name() {
        return description.name();
    }

    private DatasetFile archive() {
        return description.archive();
    }

    private List<DatasetFile> batchFiles() {
        return description.files(split());
    }

    private int labelBytes() {
        return description.labelBytes();
    }

    /** Which label byte is the label (CIFAR-100: 0 coarse, 1 fine). */
    private int labelIndex() {
        return labelBytes() == 2 && labels == Cifar100.Labels.FINE ? 1 : 0;
    }

    /** Records per batch file of this split (every file of a split holds as many). */
    private int recordsPerFile() {
        return description.recordsIn(batchFiles().get(0));
    }

    /** Class names, index = label, for the labels chosen. */
    public List<String> classNames() {
        return labels == Cifar100.Labels.COARSE ? description.coarseClassNames() : description.classNames();
    }

    @Override
    protected List<DatasetFile> requiredFiles() {
        return batchFiles();
    }

    @Override
    protected boolean canReadWithout(Path directory, List<DatasetFile> missing) {
        return Files.isRegularFile(directory.resolve(archive().relativePath()));
    }

    @Override
    protected void fetch(Path directory, List<DatasetFile> missing, Downloader downloader, Progress progress)
            throws IOException {
        if (downloader.mirror() != null) {
            super.fetch(directory, missing, downloader, progress);
            return;
        }
        ArchiveFetch.fetch(name(), archive(), directory, missing, downloader, progress);
    }

    @Override
    protected ImageSplit read(Path directory, Progress progress) throws IOException {
        List<DatasetFile> files = batchFiles();
        int records = recordsPerFile();
        byte[] pixels = new byte[files.size() * records * CifarBinaryFormat.IMAGE_BYTES];
        byte[] labels = new byte[files.size() * records];
        boolean extracted = files.stream().allMatch(f -> Files.isRegularFile(directory.resolve(f.relativePath())));
        if (extracted) {
            readExtracted(directory, files, pixels, labels);
        } else {
            readFromArchive(directory, files, pixels, labels);
        }
        return new ImageSplit(name() + " " + splitName(), pixels, labels, 3, 32, 32, classNames());
    }

    /** Reads and verifies the batch files on two threads: hashing dominates, and files are independent. */
    private void readExtracted(Path directory, List<DatasetFile> files, byte[] pixels, byte[] labels)
            throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(files.size(), Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<Void>> parts = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                DatasetFile file = files.get(i);
                int first = i * recordsPerFile();
                parts.add(pool.submit(() -> {
                    byte[] content = readVerified(directory, file);
                    parse(content, directory.resolve(file.relativePath()).toString(), pixels, labels, first);
                    return null;
                }));
            }
            for (Future<Void> part : parts) {
                part.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + name(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    private void readFromArchive(Path directory, List<DatasetFile> files, byte[] pixels, byte[] labels)
            throws IOException {
        Path archivePath = directory.resolve(archive().relativePath());
        Set<String> members = new LinkedHashSet<>();
        files.forEach(file -> members.add(memberName(file)));
        Map<String, byte[]> contents = TarGzArchive.readMembers(archivePath, members);
        for (int i = 0; i < files.size(); i++) {
            DatasetFile file = files.get(i);
            String shown = memberName(file) + " in " + archivePath;
            byte[] content = contents.get(memberName(file));
            if (content == null) {
                throw new IOException("The archive " + archivePath + " has no member " + memberName(file)
                        + "; it is not the official " + archive().fileName() + ". Delete it and download again.");
            }
            if (verifiesChecksums()) {
                Checksums.verify(content, file, shown);
            }
            parse(content, shown, pixels, labels, i * recordsPerFile());
        }
    }

    private void parse(byte[] content, String shownName, byte[] pixels, byte[] labels, int firstRecord)
            throws IOException {
        CifarBinaryFormat.parse(content, shownName, labelBytes(), labelIndex(), classNames().size(),
                recordsPerFile(), pixels, labels, firstRecord);
    }

    /** A batch file's name inside the archive: its relative path without the dataset's folder. */
    private String memberName(DatasetFile file) {
        return ArchiveFetch.memberName(name(), file);
    }

    /** Builder of a {@link CifarDataset}: {@link CifarDescription#loader()}, or {@code Cifar10.builder()}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private final CifarDescription description;
        private Cifar100.Labels labels = Cifar100.Labels.FINE;

        Builder(CifarDescription description) {
            this.description = java.util.Objects.requireNonNull(description, "description");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Which label to use where records carry two (CIFAR-100); default {@link Cifar100.Labels#FINE}.
         *
         * @throws IllegalArgumentException for {@code COARSE} on a dataset with one label per image
         */
        public Builder optLabels(Cifar100.Labels labels) {
            java.util.Objects.requireNonNull(labels, "labels");
            if (labels == Cifar100.Labels.COARSE && description.coarseClassNames().isEmpty()) {
                throw new IllegalArgumentException(description.name() + " has one label per image: coarse labels are"
                        + " CIFAR-100's (use cifar-100)");
            }
            this.labels = labels;
            return this;
        }

        @Override
        public CifarDataset build() {
            return new CifarDataset(this);
        }
    }
}
