package org.hebbkit.datasets;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises the downloads into one data directory, across processes (an OS file lock on
 * {@value #FILE_NAME} in the directory) and across threads of one process (a lock per directory, since
 * one JVM cannot hold two file locks on the same file). The second process to prepare a dataset waits
 * for the first, then finds the files in place and reuses them. The lock file stays (empty); deleting it
 * would let a third process lock a new file while a second still waits on the old one.
 */
final class DownloadLock implements AutoCloseable {

    /** The lock file's name in the data directory. */
    static final String FILE_NAME = ".hebbkit-download.lock";

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock threads;
    private final FileChannel channel;
    private final FileLock lock;

    private DownloadLock(ReentrantLock threads, FileChannel channel, FileLock lock) {
        this.threads = threads;
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocks until this thread holds the directory's download lock. */
    static DownloadLock acquire(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path canonical = directory.toRealPath();
        ReentrantLock threads = IN_PROCESS.computeIfAbsent(canonical, key -> new ReentrantLock());
        threads.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(canonical.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new DownloadLock(threads, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            threads.unlock();
            throw new IOException("Cannot lock " + canonical.resolve(FILE_NAME) + " to download into " + canonical + ": "
                    + e.getMessage() + ". The data directory must be writable.", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            threads.unlock();
        }
    }
}
