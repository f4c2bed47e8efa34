package org.hebbkit.datasets;

import ai.djl.util.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Loads a split of STL-10 ({@link Stl10}): the training images (all 5,000, or one of the ten predefined folds of
 * 1,000), the 8,000 test images, each as an {@link ImageSplit} in memory, or the 100,000 unlabeled images as a
 * {@link RecordFileImages} read from disk in chunks ({@link #prepareSource()}; {@link #prepare()} refuses them: 2.76
 * GB do not fit in one Java array). Downloads fetch the extracted files from a mirror, or the official archive,
 * which is checked, unpacked, checked file by file and moved into place.
 *
 * <p>Call order: build, then {@code prepare()} (labelled splits) or {@code prepareSource()} (any split), then read;
 * close a source when done.
 */
public final class Stl10Dataset extends ImageDataset {

    private final Stl10 description;
    private final Integer fold;

    private Stl10Dataset(Builder builder) {
        super(builder);
        this.description = builder.description;
        this.fold = builder.fold;
        if (fold != null && split() != Split.TRAIN) {
            throw new IllegalArgumentException("fold " + fold + " selects training images; the " + split().name()
                    .toLowerCase(java.util.Locale.ROOT) + " split has no folds (leave optFold out)");
        }
    }

    @Override
    public String name() {
        return description.name();
    }

    @Override
    protected List<Split> splits() {
        return description.splits();
    }

    @Override
    protected List<DatasetFile> requiredFiles() {
        List<DatasetFile> required = new ArrayList<>();
        required.add(description.imagesFile(split()));
        if (split() != Split.UNLABELED) {
            required.add(description.labelsFile(split()));
        }
        if (fold != null) {
            required.add(description.foldsFile());
        }
        return required;
    }

    @Override
    protected void fetch(Path directory, List<DatasetFile> missing, Downloader downloader, Progress progress)
            throws IOException {
        if (downloader.mirror() != null) {
            super.fetch(directory, missing, downloader, progress);
            return;
        }
        ArchiveFetch.fetch(name(), description.archive(), directory, missing, downloader, progress);
    }

    @Override
    protected ImageSplit read(Path directory, Progress progress) throws IOException {
        if (split() == Split.UNLABELED) {
            throw new IllegalStateException("STL-10's unlabeled split is 2.76 GB as bytes, more than one Java array"
                    + " holds: open it with prepareSource(), which reads it from disk in chunks");
        }
        DatasetFile imagesFile = description.imagesFile(split());
        DatasetFile labelsFile = description.labelsFile(split());
        int count = description.size(split());
        byte[] raw = readVerified(directory, imagesFile);
        checkImagesSize(directory, imagesFile, raw.length, count);
        int[] labels = Stl10Format.labels(readVerified(directory, labelsFile),
                directory.resolve(labelsFile.relativePath()).toString(), count);
        byte[] pixels = new byte[raw.length];
        Stl10Format.toRowMajor(raw, 0, pixels, 0, count);
        ImageSplit whole = new ImageSplit(name() + " " + splitName(), pixels, labels, 3, Stl10Format.SIDE,
                Stl10Format.SIDE, description.classNames());
        if (fold == null) {
            return whole;
        }
        Path foldsPath = directory.resolve(description.foldsFile().relativePath());
        List<int[]> folds = Stl10Format.folds(Files.readString(foldsPath, StandardCharsets.US_ASCII),
                foldsPath.toString(), count);
        return whole.select(folds.get(fold), name() + " train fold " + fold);
    }

    @Override
    protected ImageSource readSource(Path directory, Progress progress) throws IOException {
        if (split() != Split.UNLABELED) {
            return read(directory, progress);
        }
        DatasetFile imagesFile = description.imagesFile(Split.UNLABELED);
        Path path = directory.resolve(imagesFile.relativePath());
        int count = description.size(Split.UNLABELED);
        if (verifiesChecksums()) {
            Checksums.verify(path, imagesFile, path.toString());
        }
        checkImagesSize(directory, imagesFile, Files.size(path), count);
        return RecordFileImages.stl10(path, count, name() + " unlabeled");
    }

    private static void checkImagesSize(Path directory, DatasetFile file, long size, int count) throws IOException {
        long expected = (long) count * Stl10Format.IMAGE_BYTES;
        if (size != expected) {
            throw new IOException(String.format("Wrong size for %s: expected %,d images of %,d bytes = %,d bytes, found"
                    + " %,d bytes (%s). Delete the file and download it again.", directory.resolve(file.relativePath()),
                    count, Stl10Format.IMAGE_BYTES, expected, size, size < expected ? "truncated" : "too long"));
        }
    }

    /** Builder of a {@link Stl10Dataset}: {@link Stl10#builder()}, or {@code DatasetRegistry.find("stl10").loader()}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private final Stl10 description;
        private Integer fold;

        Builder(Stl10 description) {
            this.description = Objects.requireNonNull(description, "description");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Only the training images of one of STL-10's ten predefined folds (1,000 images); default every training
         * image.
         *
         * @throws IllegalArgumentException for a fold outside 0 to 9
         */
        public Builder optFold(int fold) {
            if (fold < 0 || fold > 9) {
                throw new IllegalArgumentException("fold must be 0 to 9 (STL-10 has ten training folds), got " + fold);
            }
            this.fold = fold;
            return this;
        }

        @Override
        public Stl10Dataset build() {
            return new Stl10Dataset(this);
        }
    }
}
