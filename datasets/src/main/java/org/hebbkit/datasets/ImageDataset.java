package org.hebbkit.datasets;

import ai.djl.util.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark image dataset split that is found on disk, downloaded when asked, verified and loaded
 * into one {@link ImageSplit}.
 *
 * <p>Call order: build (touches neither disk nor network), then {@link #prepare(Progress)} (finds the
 * files in the data directory, downloads missing ones only if {@code optDownload(true)}, verifies
 * sizes and checksums, loads), then use the returned split. {@code prepare} is idempotent.
 *
 * <pre>{@code
 * ImageSplit train = Mnist.builder().optSplit(Split.TRAIN).optDownload(true).build()
 *         .prepare(new ProgressBar());
 * }</pre>
 */
public abstract class ImageDataset {

    private final Split split;
    private final Path explicitDirectory;
    private final boolean download;
    private final String mirror;
    private final boolean verifyChecksums;
    private ImageSplit loaded;

    protected ImageDataset(BaseBuilder<?> builder) {
        this.split = builder.split;
        this.explicitDirectory = builder.dataDirectory;
        this.download = builder.download;
        this.mirror = builder.mirror;
        this.verifyChecksums = builder.verifyChecksums;
    }

    /** Short name, also the dataset's folder in the data directory ({@code "mnist"}). */
    public abstract String name();

    /** Which split this instance loads. */
    public final Split split() {
        return split;
    }

    /** The data directory this dataset reads (and, with download enabled, writes). */
    public final Path dataDirectory() {
        return DataDirectory.resolve(explicitDirectory);
    }

    /** Whether sizes and checksums are verified while loading (downloads are always verified). */
    public final boolean verifiesChecksums() {
        return verifyChecksums;
    }

    /** Loads the split, with no progress reporting. */
    public final ImageSplit prepare() throws IOException {
        return prepare(null);
    }

    /**
     * Finds, downloads if asked, verifies and loads the split.
     *
     * @param progress receives download and load progress; may be {@code null}
     * @return the loaded split (the same instance on later calls)
     * @throws MissingDatasetException when files are missing and download is off
     * @throws IOException when a file is corrupt, truncated or unreachable; the message says which and what to do
     */
    public final synchronized ImageSplit prepare(Progress progress) throws IOException {
        if (loaded == null) {
            loaded = read(locate(progress), progress);
        }
        return loaded;
    }

    /** Finds, downloads if asked and verifies the split's files, then opens the split for reading in chunks, with no progress reporting. */
    public final ImageSource prepareSource() throws IOException {
        return prepareSource(null);
    }

    /**
     * Finds, downloads if asked and verifies the split's files, then opens the split as a source read batch by batch.
     * For a split that fits in memory this is {@link #prepare(Progress)}'s split; a split too large for one array
     * (STL-10's unlabeled images, ImageNet) stays on disk. Close the source when done.
     *
     * @throws MissingDatasetException when files are missing and download is off
     * @throws IOException when a file is corrupt, truncated or unreachable; the message says which and what to do
     */
    public final synchronized ImageSource prepareSource(Progress progress) throws IOException {
        if (loaded != null) {
            return loaded;
        }
        return readSource(locate(progress), progress);
    }

    /** The split's files in place (downloaded when asked), or a clear refusal; returns the data directory. */
    private Path locate(Progress progress) throws IOException {
        if (!splits().contains(split)) {
            throw new IllegalArgumentException(name() + " has no " + splitName() + " split; its splits are "
                    + splits().stream().map(s -> s.name().toLowerCase(java.util.Locale.ROOT)).toList());
        }
        Path directory = dataDirectory();
        List<DatasetFile> missing = new ArrayList<>();
        for (DatasetFile file : requiredFiles()) {
            if (!Files.isRegularFile(directory.resolve(file.relativePath()))) {
                missing.add(file);
            }
        }
        if (!missing.isEmpty() && !canReadWithout(directory, missing)) {
            if (!download) {
                List<String> names = new ArrayList<>();
                missing.forEach(file -> names.add(file.relativePath()));
                throw new MissingDatasetException(name() + " " + splitName(), directory, names, howToGet());
            }
            // one process downloads; another one preparing the same directory waits here, then finds the files
            try (DownloadLock lock = DownloadLock.acquire(directory)) {
                missing.removeIf(file -> Files.isRegularFile(directory.resolve(file.relativePath())));
                if (!missing.isEmpty() && !canReadWithout(directory, missing)) {
                    fetch(directory, missing,
                            new Downloader(mirror != null ? mirror : DataDirectory.mirrorFromEnvironment()), progress);
                }
            }
        }
        return directory;
    }

    /** Lower-case split name for messages. */
    protected final String splitName() {
        return split.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** How to get a dataset that cannot be downloaded, for the missing-files message; default {@code null} (download it). */
    protected String howToGet() {
        return null;
    }

    /** The splits this dataset has; default training and test. */
    protected List<Split> splits() {
        return List.of(Split.TRAIN, Split.TEST);
    }

    /** Opens the split for reading in chunks; the default reads it whole ({@link #read}). */
    protected ImageSource readSource(Path directory, Progress progress) throws IOException {
        return read(directory, progress);
    }

    /** The files this split is read from, relative to the data directory. */
    protected abstract List<DatasetFile> requiredFiles();

    /** Whether the split can be read although {@code missing} are absent (e.g. from an archive). */
    protected boolean canReadWithout(Path directory, List<DatasetFile> missing) {
        return false;
    }

    /** Downloads the missing files; the default downloads each one. */
    protected void fetch(Path directory, List<DatasetFile> missing, Downloader downloader, Progress progress)
            throws IOException {
        for (DatasetFile file : missing) {
            downloader.download(file, directory, progress);
        }
    }

    /** Reads and verifies the split from the data directory. */
    protected abstract ImageSplit read(Path directory, Progress progress) throws IOException;

    /**
     * Reads a whole file of the dataset and, when verification is on, checks its size and checksum.
     */
    protected final byte[] readVerified(Path directory, DatasetFile file) throws IOException {
        Path path = directory.resolve(file.relativePath());
        byte[] content = Files.readAllBytes(path);
        if (verifyChecksums) {
            Checksums.verify(content, file, path.toString());
        }
        return content;
    }

    /**
     * Builder of a dataset: {@code optX} for everything, each with a default.
     *
     * @param <T> the concrete builder
     */
    public abstract static class BaseBuilder<T extends BaseBuilder<T>> {
        private Split split = Split.TRAIN;
        private Path dataDirectory;
        private boolean download;
        private String mirror;
        private boolean verifyChecksums = true;

        protected abstract T self();

        /** Builds the dataset; touches neither disk nor network. */
        public abstract ImageDataset build();

        /** Which split to load; default {@link Split#TRAIN}. */
        public T optSplit(Split split) {
            this.split = java.util.Objects.requireNonNull(split, "split");
            return self();
        }

        /** The data directory; default from {@code -Dhebbkit.data}, {@code $HEBBKIT_DATA} or {@code ~/.hebbkit/datasets}. */
        public T optDataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return self();
        }

        /** Whether {@code prepare} may download missing files into the data directory; default {@code false}. */
        public T optDownload(boolean download) {
            this.download = download;
            return self();
        }

        /** Mirror base URL laid out like the data directory; default {@code $HEBBKIT_DATASET_MIRROR}, else canonical URLs. */
        public T optMirror(String mirror) {
            this.mirror = mirror;
            return self();
        }

        /** Whether files already on disk are checked against their checksums while loading; default {@code true}. */
        public T optVerifyChecksums(boolean verifyChecksums) {
            this.verifyChecksums = verifyChecksums;
            return self();
        }
    }
}
