package org.hebbkit.datasets;

import ai.djl.util.Progress;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Downloads dataset files into the data directory: streamed to a temporary file beside the target,
 * verified against the size and checksum kept in code, then moved into place atomically.
 *
 * <p>With a mirror base URL ({@code http:}, {@code https:} or {@code file:}) laid out like the data
 * directory, the file is fetched from {@code mirror + "/" + relativePath} only; without one, from each
 * canonical URL in turn. A failed attempt leaves nothing behind: no partial file, no temporary file.
 */
public final class Downloader {

    private static final int BUFFER = 1 << 16;
    private static final int TIMEOUT_MILLIS = 30_000;

    private final String mirror;

    /**
     * @param mirror base URL laid out like the data directory, or {@code null} for the canonical URLs
     */
    public Downloader(String mirror) {
        this.mirror = mirror == null ? null : stripTrailingSlash(mirror);
    }

    /** The mirror base URL, or {@code null}. */
    public String mirror() {
        return mirror;
    }

    /**
     * Downloads one file to {@code dataDirectory/file.relativePath()}.
     *
     * @param file what to download and how to verify it
     * @param dataDirectory the data directory (created if missing)
     * @param progress receives bytes as they arrive; may be {@code null}
     * @return the verified file in place
     * @throws IOException when every source failed; the message lists each source and why
     */
    public Path download(DatasetFile file, Path dataDirectory, Progress progress) throws IOException {
        Path target = dataDirectory.resolve(file.relativePath());
        List<String> sources = sourcesFor(file);
        if (sources.isEmpty()) {
            throw new IOException("No download source for " + file.relativePath()
                    + ": it has no public URL. Set " + DataDirectory.MIRROR_ENVIRONMENT
                    + " to a mirror laid out like the data directory, or place the file at " + target);
        }
        List<String> failures = new ArrayList<>();
        for (String source : sources) {
            try {
                fetchVerified(source, file, target, progress);
                return target;
            } catch (IOException e) {
                failures.add(source + ": " + e.getMessage());
            }
        }
        throw new IOException("Could not download " + file.relativePath() + " into " + target.getParent()
                + "; nothing was kept. Tried:\n  " + String.join("\n  ", failures)
                + "\nCheck the network, or set " + DataDirectory.MIRROR_ENVIRONMENT
                + " to a mirror (http, https or file:) laid out like the data directory.");
    }

    /** Where {@code file} is fetched from, in order. */
    public List<String> sourcesFor(DatasetFile file) {
        return mirror != null ? List.of(mirror + "/" + file.relativePath()) : file.canonicalUrls();
    }

    private static void fetchVerified(String source, DatasetFile file, Path target, Progress progress)
            throws IOException {
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), "." + file.fileName() + ".", ".part");
        try {
            MessageDigest sha256 = Checksums.sha256();
            MessageDigest md5 = Checksums.md5();
            long received;
            try (InputStream in = open(source);
                    OutputStream out = Files.newOutputStream(partial)) {
                received = copy(in, out, sha256, md5, file, progress);
            }
            if (file.size() != DatasetFile.UNKNOWN_SIZE && received != file.size()) {
                throw new IOException(String.format(
                        "received %,d bytes, expected %,d (%s)", received, file.size(),
                        received < file.size() ? "truncated" : "too long"));
            }
            String name = file.relativePath() + " from " + source;
            if (file.sha256() != null) {
                Checksums.requireEqual("sha256", file.sha256(), Checksums.hex(sha256), name);
            }
            if (file.md5() != null) {
                Checksums.requireEqual("md5", file.md5(), Checksums.hex(md5), name);
            }
            if (Files.getFileStore(partial).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(partial, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            moveIntoPlace(partial, target);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static long copy(InputStream in, OutputStream out, MessageDigest sha256, MessageDigest md5,
            DatasetFile file, Progress progress) throws IOException {
        if (progress != null) {
            progress.reset("Downloading " + file.relativePath(), Math.max(file.size(), 1));
            progress.start(0);
        }
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            sha256.update(buffer, 0, n);
            md5.update(buffer, 0, n);
            total += n;
            if (file.size() != DatasetFile.UNKNOWN_SIZE && total > file.size()) {
                break;
            }
            if (progress != null) {
                progress.increment(n);
            }
        }
        if (progress != null) {
            progress.end();
        }
        return total;
    }

    private static InputStream open(String source) throws IOException {
        URI uri;
        try {
            uri = new URI(source);
        } catch (URISyntaxException e) {
            throw new IOException("not a valid URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        switch (scheme) {
            case "file":
                try {
                    return Files.newInputStream(Path.of(uri));
                } catch (NoSuchFileException e) {
                    throw new IOException("no such file " + Path.of(uri), e);
                }
            case "http":
            case "https":
                return openHttp(uri);
            default:
                throw new IOException("unsupported URL scheme '" + scheme + "'; use http, https or file");
        }
    }

    private static InputStream openHttp(URI uri) throws IOException {
        URLConnection connection = uri.toURL().openConnection();
        connection.setConnectTimeout(TIMEOUT_MILLIS);
        connection.setReadTimeout(TIMEOUT_MILLIS);
        HttpURLConnection http = (HttpURLConnection) connection;
        http.setInstanceFollowRedirects(true);
        int status;
        try {
            status = http.getResponseCode();
        } catch (FileNotFoundException e) {
            throw new IOException("HTTP 404 Not Found", e);
        }
        if (status != HttpURLConnection.HTTP_OK) {
            http.disconnect();
            throw new IOException("HTTP " + status + (http.getResponseMessage() == null ? "" : " " + http.getResponseMessage()));
        }
        return http.getInputStream();
    }

    static void moveIntoPlace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
