package org.hebbkit.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that readers see the old content or the new, never a part: the bytes go to a
 * temporary file in the same directory, are forced to disk, and the file is then moved over the target atomically.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Produces a file's bytes. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the content to {@code out}. */
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes into a temporary file beside {@code target} (readable by all, as a normal file); the caller
     * moves it with {@link #moveIntoPlace}. On failure the temporary file is deleted.
     */
    public static Path writeTemporary(Path target, Writer writer) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
        try {
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(temporary,
                    java.nio.file.StandardOpenOption.WRITE);
                    OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel),
                            1 << 16)) {
                writer.write(out);
                out.flush();
                // on disk before the move makes it visible: a machine that stops here keeps the old file
                channel.force(true);
            }
            if (Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            return temporary;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** Moves a finished temporary file over its target, atomically where the file system allows. */
    public static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes {@code target} atomically in one call. */
    public static void write(Path target, Writer writer) throws IOException {
        moveIntoPlace(writeTemporary(target, writer), target);
    }
}
