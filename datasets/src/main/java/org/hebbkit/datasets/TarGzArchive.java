package org.hebbkit.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads members of a {@code .tar.gz} archive (such as the official {@code cifar-10-binary.tar.gz})
 * with Apache Commons Compress, in memory or into a directory, refusing entries that would escape it.
 */
public final class TarGzArchive {

    private TarGzArchive() {}

    /**
     * Reads the named regular-file members into memory.
     *
     * @param archive the {@code .tar.gz} file
     * @param wanted member names as stored in the archive ({@code cifar-10-batches-bin/data_batch_1.bin})
     * @return member name to content, for each wanted member found
     */
    public static Map<String, byte[]> readMembers(Path archive, Set<String> wanted) throws IOException {
        Map<String, byte[]> found = new HashMap<>();
        try (TarArchiveInputStream tar = open(archive)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = normalise(entry.getName());
                if (entry.isFile() && wanted.contains(name)) {
                    found.put(name, tar.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new IOException("Cannot read " + archive + " as a gzip-compressed tar archive (" + e.getMessage()
                    + "). The file is truncated or corrupt: delete it and download it again.", e);
        }
        return found;
    }

    /**
     * Extracts every regular file of the archive under {@code directory}.
     *
     * @throws IOException when the archive is corrupt or an entry's path leaves {@code directory}
     */
    public static void extract(Path archive, Path directory) throws IOException {
        Path root = directory.toAbsolutePath().normalize();
        try (TarArchiveInputStream tar = open(archive)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = root.resolve(normalise(entry.getName())).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("Archive entry '" + entry.getName() + "' in " + archive
                            + " points outside the extraction directory; refusing to extract it.");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                }
            }
        }
    }

    private static TarArchiveInputStream open(Path archive) throws IOException {
        InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
        return new TarArchiveInputStream(new GzipCompressorInputStream(file));
    }

    private static String normalise(String name) {
        return name.startsWith("./") ? name.substring(2) : name;
    }
}
