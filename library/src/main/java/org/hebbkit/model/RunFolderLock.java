package org.hebbkit.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One writer per run or study folder: an operating-system lock ({@link FileChannel#tryLock()}) on the file
 * {@value #FILE} inside the folder, which holds the writer's process id. Taken before anything else is written into the
 * folder ({@code hebbkit train}, {@code train --resume}, {@code sweep}, {@code compare}, the notebook's
 * {@code Hebb.train(checkpoints = ...)}); a second writer, in another process or in this one, is refused at once,
 * naming the holder's process id. The lock dies with its process: a folder whose writer was killed (even with
 * {@code SIGKILL}) is free again, and no stale lock needs deleting. The file itself stays in the folder (deleting it
 * would let two writers lock two different files of the same name).
 *
 * <p>Locks are advisory: they keep HebbKit's writers apart, not other programs. Within one JVM the folders held are
 * also kept in a table, because closing any channel onto a lock file releases the process's lock on it (POSIX).
 *
 * <pre>{@code
 * try (RunFolderLock lock = RunFolderLock.acquire(Path.of("runs/mine"))) {
 *     ... write run.json, model/ ...
 * }
 * }</pre>
 */
public final class RunFolderLock implements AutoCloseable {

    /** The lock file's name inside the folder. */
    public static final String FILE = ".hebbkit.lock";

    /** The folders this JVM holds, by real path. */
    private static final Map<Path, RunFolderLock> HELD = new ConcurrentHashMap<>();

    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;

    private RunFolderLock(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code folder} when missing and locks it for this process.
     *
     * @throws IllegalStateException when another writer (another process, or this one) holds the folder; the message
     *     names its process id, the folder and what to do
     * @throws IOException when the folder or its lock file cannot be created or written
     */
    public static RunFolderLock acquire(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path key = folder.toRealPath();
        Path file = key.resolve(FILE);
        synchronized (HELD) {
            if (HELD.containsKey(key)) {
                throw busy(folder, ProcessHandle.current().pid() + ", this process");
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw busy(folder, holder);
            }
            try {
                byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(pid), 0);
                channel.force(false);
            } catch (IOException | RuntimeException e) {
                lock.release();
                channel.close();
                throw e;
            }
            RunFolderLock held = new RunFolderLock(key, channel, lock);
            HELD.put(key, held);
            return held;
        }
    }

    /** The process id written in the lock file by its holder ("unknown" when it has not written it yet). */
    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            int read = channel.read(buffer, 0);
            String text = read <= 0 ? "" : new String(buffer.array(), 0, read, StandardCharsets.US_ASCII).strip();
            return text.matches("[0-9]+") ? text : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static IllegalStateException busy(Path folder, String pid) {
        return new IllegalStateException("another HebbKit process (pid " + pid + ") is writing into " + folder
                + "; wait for it to end (or stop it), or choose another folder. A folder has one writer at a time;"
                + " its lock is released when that process ends, even when it is killed");
    }

    /** The folder held (its real path). */
    public Path folder() {
        return folder;
    }

    /** Releases the folder; the lock file stays. */
    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            HELD.remove(folder, this);
            try {
                if (lock.isValid()) {
                    lock.release();
                }
            } finally {
                channel.close();
            }
        }
    }
}
