package org.hebbkit.datasets;

import ai.djl.util.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Loads a split of a class-folder dataset ({@link ImageFolderDescription}: {@link ImageNette}, {@link ImageNet}):
 * lists the class folders (sorted; label = position) and their {@code .jpg}, {@code .jpeg} and {@code .png} files
 * (sorted), decodes each to RGB and resizes it to {@code side x side} ({@link ImageFolderImages#decode}). {@link #prepare()}
 * decodes the whole split into one {@link ImageSplit} (on every core; refused when it would exceed one array,
 * 2,147,483,647 bytes: ImageNet), {@link #prepareSource()} returns the split as it fits: in memory when it does, else
 * decoded batch by batch from disk ({@link ImageFolderImages}). Downloads fetch the official archive (from a mirror
 * laid out like the data directory, or its canonical URL), check its MD5, unpack it and move the folders into place.
 *
 * <p>Normalisation: SoftHebb's recipes standardise these images with ImageNet's channel statistics
 * ({@link ChannelNormalization#IMAGENET}); HebbKit's presets begin with a batch norm without affine parameters, which
 * removes any fixed per-channel scale and shift, so the images are read in [0, 1] like every other dataset.
 */
public final class ImageFolderDataset extends ImageDataset {

    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png");

    private final ImageFolderDescription description;
    private final int side;

    private ImageFolderDataset(Builder builder) {
        super(builder);
        this.description = builder.description;
        this.side = builder.side != null ? builder.side : description.height();
    }

    @Override
    public String name() {
        return description.name();
    }

    /** The side images are resized to. */
    public int side() {
        return side;
    }

    @Override
    protected List<DatasetFile> requiredFiles() {
        // the split's folder: never a regular file, so the check falls to canReadWithout
        return List.of(new DatasetFile(description.folder(split()) + "/", DatasetFile.UNKNOWN_SIZE, null, null, List.of()));
    }

    @Override
    protected String howToGet() {
        return description.howToGet();
    }

    @Override
    protected boolean canReadWithout(Path directory, List<DatasetFile> missing) {
        return Files.isDirectory(directory.resolve(description.folder(split())));
    }

    @Override
    protected void fetch(Path directory, List<DatasetFile> missing, Downloader downloader, Progress progress)
            throws IOException {
        DatasetFile archive = description.archive();
        if (archive == null) {
            throw new IOException(description.howToGet() != null ? description.howToGet()
                    : name() + " has no public download: place its folders under " + directory.resolve(description.root()));
        }
        Path archivePath = downloader.download(archive, directory, progress);
        Path rootPath = directory.resolve(description.root());
        Path scratch = Files.createTempDirectory(archivePath.getParent(), ".extract-");
        try {
            TarGzArchive.extract(archivePath, scratch);
            Path unpacked = scratch.resolve(rootPath.getFileName().toString());
            for (Split split : List.of(Split.TRAIN, Split.TEST)) {
                String folder = description.folder(split).substring(description.root().length() + 1);
                if (!Files.isDirectory(unpacked.resolve(folder))) {
                    throw new IOException("The archive " + archivePath + " has no folder " + rootPath.getFileName() + "/"
                            + folder + "; it is not the official " + archive.fileName() + ". Delete it and download again.");
                }
            }
            Files.createDirectories(rootPath.getParent());
            Downloader.moveIntoPlace(unpacked, rootPath);
        } finally {
            deleteRecursively(scratch);
            Files.deleteIfExists(archivePath);
        }
    }

    @Override
    protected ImageSplit read(Path directory, Progress progress) throws IOException {
        ImageFolderImages listed = list(directory);
        long bytes = (long) listed.size() * 3 * side * side;
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException(String.format("%s %s is %,d images, %,d bytes at %d x %d: more than one Java"
                    + " array holds. Open it with prepareSource(), which decodes it batch by batch", name(), splitName(),
                    listed.size(), bytes, side, side));
        }
        return decodeAll(listed, progress);
    }

    @Override
    protected ImageSource readSource(Path directory, Progress progress) throws IOException {
        ImageFolderImages listed = list(directory);
        long bytes = (long) listed.size() * 3 * side * side;
        return bytes > Integer.MAX_VALUE - 16 ? listed : decodeAll(listed, progress);
    }

    /** Every image of the split decoded into one split, on every core. */
    private ImageSplit decodeAll(ImageFolderImages listed, Progress progress) throws IOException {
        int n = listed.size();
        int imageBytes = 3 * side * side;
        byte[] pixels = new byte[n * imageBytes];
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        if (progress != null) {
            progress.reset("Decoding " + name() + " " + splitName(), Math.max(n, 1));
            progress.start(0);
        }
        try {
            List<Future<Void>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    for (int i = first; i < n; i += threads) {
                        System.arraycopy(ImageFolderImages.decode(listed.file(i), side), 0, pixels, i * imageBytes,
                                imageBytes);
                        if (progress != null) {
                            progress.increment(1);
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> part : parts) {
                part.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while decoding " + name(), e);
        } finally {
            pool.shutdownNow();
            if (progress != null) {
                progress.end();
            }
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = listed.label(i);
        }
        return new ImageSplit(name() + " " + splitName(), pixels, labels, 3, side, side, listed.classNames());
    }

    /** The split's files and labels, checked against the description's classes. */
    private ImageFolderImages list(Path directory) throws IOException {
        Path splitFolder = directory.resolve(description.folder(split()));
        List<Path> classFolders;
        try (Stream<Path> children = Files.list(splitFolder)) {
            classFolders = children.filter(Files::isDirectory).sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
        List<String> found = classFolders.stream().map(p -> p.getFileName().toString()).toList();
        List<String> expected = description.folders();
        if (!expected.isEmpty() && !found.equals(expected)) {
            List<String> absent = new ArrayList<>(expected);
            absent.removeAll(found);
            List<String> extra = new ArrayList<>(found);
            extra.removeAll(expected);
            throw new IOException(String.format("%s does not hold %s's %d class folders: missing %s, unexpected %s."
                    + " Delete the folder and download the dataset again.", splitFolder, name(), expected.size(), absent,
                    extra));
        }
        if (expected.isEmpty() && found.size() != description.classNames().size()) {
            throw new IOException(String.format("%s holds %,d class folders, expected %,d (one per class of %s)."
                    + " %s", splitFolder, found.size(), description.classNames().size(), name(),
                    description.howToGet() != null ? description.howToGet() : "Delete the folder and download it again."));
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int label = 0; label < classFolders.size(); label++) {
            List<Path> images;
            try (Stream<Path> children = Files.list(classFolders.get(label))) {
                images = children.filter(p -> Files.isRegularFile(p) && EXTENSIONS.stream()
                        .anyMatch(ext -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext)))
                        .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
            }
            if (images.isEmpty()) {
                throw new IOException(classFolders.get(label) + " holds no .jpg, .jpeg or .png image; every class folder"
                        + " needs at least one. Delete the folder and download the dataset again.");
            }
            for (Path image : images) {
                files.add(image);
                labels.add(label);
            }
        }
        List<String> classNames = expected.isEmpty() ? found : description.classNames();
        return new ImageFolderImages(name() + " " + splitName(), files, labels.stream().mapToInt(Integer::intValue).toArray(),
                classNames, side);
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Builder of an {@link ImageFolderDataset}: {@link ImageNette#builder()}, or a description's {@code loader()}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private final ImageFolderDescription description;
        private Integer side;

        Builder(ImageFolderDescription description) {
            this.description = Objects.requireNonNull(description, "description");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * The side images are resized to; default the description's (160 for ImageNette and ImageNet). SoftHebb's
         * {@code ImageNette_200aug+250px} reads 250.
         *
         * @throws IllegalArgumentException for a side under 8
         */
        public Builder optImageSize(int side) {
            if (side < 8) {
                throw new IllegalArgumentException("image size must be at least 8 pixels, got " + side);
            }
            this.side = side;
            return this;
        }

        @Override
        public ImageFolderDataset build() {
            return new ImageFolderDataset(this);
        }
    }
}
