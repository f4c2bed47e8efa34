package org.hebbkit.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and MD5 digests of files and streams, and the check of a file against its {@link DatasetFile}. */
public final class Checksums {

    private Checksums() {}

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        return digest("SHA-256");
    }

    /** A fresh MD5 digest. */
    public static MessageDigest md5() {
        return digest("MD5");
    }

    /** Lower-case hex of a finished digest. */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Lower-case hex SHA-256 of a file's content. */
    public static String sha256Of(Path file) throws IOException {
        return hashOf(file, sha256());
    }

    /** Lower-case hex MD5 of a file's content. */
    public static String md5Of(Path file) throws IOException {
        return hashOf(file, md5());
    }

    private static String hashOf(Path file, MessageDigest digest) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStreamSink.INSTANCE);
        }
        return hex(digest);
    }

    /**
     * Checks a file's size and checksum against what the dataset publishes.
     *
     * @param file the file on disk
     * @param expected the published facts
     * @param shownName how to name the file in the message
     * @throws IOException naming the file, the expected and the found value, and what to do
     */
    public static void verify(Path file, DatasetFile expected, String shownName) throws IOException {
        long size = Files.size(file);
        if (expected.size() != DatasetFile.UNKNOWN_SIZE && size != expected.size()) {
            throw new IOException(String.format(
                    "Wrong size for %s: expected %,d bytes, found %,d bytes (%s). Delete the file and download it again.",
                    shownName, expected.size(), size, size < expected.size() ? "truncated" : "too long"));
        }
        if (expected.sha256() != null) {
            requireEqual("sha256", expected.sha256(), sha256Of(file), shownName);
        } else if (expected.md5() != null) {
            requireEqual("md5", expected.md5(), md5Of(file), shownName);
        }
    }

    /**
     * Checks in-memory content against the published size and checksum.
     *
     * @throws IOException naming the file, the expected and the found value, and what to do
     */
    public static void verify(byte[] content, DatasetFile expected, String shownName) throws IOException {
        if (expected.size() != DatasetFile.UNKNOWN_SIZE && content.length != expected.size()) {
            throw new IOException(String.format(
                    "Wrong size for %s: expected %,d bytes, found %,d bytes (%s). Delete the file and download it again.",
                    shownName, expected.size(), content.length, content.length < expected.size() ? "truncated" : "too long"));
        }
        if (expected.sha256() != null) {
            MessageDigest digest = sha256();
            digest.update(content);
            requireEqual("sha256", expected.sha256(), hex(digest), shownName);
        } else if (expected.md5() != null) {
            MessageDigest digest = md5();
            digest.update(content);
            requireEqual("md5", expected.md5(), hex(digest), shownName);
        }
    }

    static void requireEqual(String algorithm, String expected, String found, String shownName) throws IOException {
        if (!expected.equalsIgnoreCase(found)) {
            throw new IOException(String.format(
                    "Checksum mismatch for %s: expected %s %s, got %s. The file is corrupt or not the official one:"
                            + " delete it and download it again (prepare with download enabled, or set %s).",
                    shownName, algorithm, expected, found, DataDirectory.MIRROR_ENVIRONMENT));
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every Java platform", e);
        }
    }

    /** An output stream that discards everything: hashing reads need somewhere to write. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
