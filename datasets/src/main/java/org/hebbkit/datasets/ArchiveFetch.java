package org.hebbkit.datasets;

import ai.djl.util.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fetches a dataset's files out of its official {@code .tar.gz}: the archive is downloaded and checked
 * ({@link Downloader}), unpacked into a scratch folder beside the targets, every wanted member checked against its
 * size and checksum, and only then moved into place; the archive and the scratch folder are deleted whatever
 * happens. A member's name in the archive is its relative path less the dataset's folder
 * ({@code cifar-10/cifar-10-batches-bin/data_batch_1.bin} is {@code cifar-10-batches-bin/data_batch_1.bin}).
 */
final class ArchiveFetch {

    private ArchiveFetch() {}

    /**
     * @param folder the dataset's folder in the data directory ({@code "stl-10"})
     * @param archive the official archive
     * @param missing the files to take out of it
     */
    static void fetch(String folder, DatasetFile archive, Path directory, List<DatasetFile> missing,
            Downloader downloader, Progress progress) throws IOException {
        Path archivePath = downloader.download(archive, directory, progress);
        Path scratch = Files.createTempDirectory(directory.resolve(folder), ".extract-");
        try {
            TarGzArchive.extract(archivePath, scratch);
            for (DatasetFile file : missing) {
                Path extracted = scratch.resolve(memberName(folder, file));
                if (!Files.isRegularFile(extracted)) {
                    throw new IOException("The archive " + archivePath + " has no member " + memberName(folder, file)
                            + "; it is not the official " + archive.fileName() + ". Delete it and download again.");
                }
                Checksums.verify(extracted, file, memberName(folder, file) + " in " + archivePath);
            }
            for (DatasetFile file : missing) {
                Path target = directory.resolve(file.relativePath());
                Files.createDirectories(target.getParent());
                Downloader.moveIntoPlace(scratch.resolve(memberName(folder, file)), target);
            }
        } finally {
            deleteRecursively(scratch);
            Files.deleteIfExists(archivePath);
        }
    }

    /** A file's name inside the archive: its relative path without the dataset's folder. */
    static String memberName(String folder, DatasetFile file) {
        return file.relativePath().substring(folder.length() + 1);
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
}
