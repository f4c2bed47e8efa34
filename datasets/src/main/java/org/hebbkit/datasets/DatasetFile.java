package org.hebbkit.datasets;

import java.util.List;
import java.util.Objects;

/**
 * One file of a dataset as it is distributed, with the checksums HebbKit verifies it against.
 *
 * @param relativePath path inside the data directory, with forward slashes ({@code mnist/train-images-idx3-ubyte.gz})
 * @param size exact size in bytes, or {@link #UNKNOWN_SIZE} where the publisher states none
 * @param sha256 lower-case hex SHA-256 of the whole file, or {@code null} when unknown
 * @param md5 lower-case hex MD5 (the checksum torchvision or the publisher gives), or {@code null} when unknown;
 *     a file with neither is verified by its size and content checks alone (CIFAR-100's extracted files,
 *     whose archive's MD5 is checked on download instead)
 * @param canonicalUrls where the file is published, tried in order when no mirror is set; may be empty
 */
public record DatasetFile(String relativePath, long size, String sha256, String md5, List<String> canonicalUrls) {

    /** {@link #size()} of a file whose exact size is not published. */
    public static final long UNKNOWN_SIZE = -1;

    /** Checks the fields and copies the list. */
    public DatasetFile {
        Objects.requireNonNull(relativePath, "relativePath");
        if (size <= 0 && size != UNKNOWN_SIZE) {
            throw new IllegalArgumentException("size of " + relativePath + " must be positive, got " + size);
        }
        canonicalUrls = List.copyOf(canonicalUrls);
    }

    /** The file's name without its folders. */
    public String fileName() {
        return relativePath.substring(relativePath.lastIndexOf('/') + 1);
    }
}
