package dev.herald.store.sqlite;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One store per data directory. A second store on the same directory (another process, or the same
 * one) fails at once with a clear message rather than waiting: SQLite itself would keep the file
 * consistent, but two hubs on one file would each deliver live only what they published, and the
 * answer to "I want two nodes" is PostgreSQL. The OS releases the lock when the process dies, so a
 * crashed (kill -9) hub never blocks its own restart.
 */
final class DataDirLock implements AutoCloseable {
    static final String FILE_NAME = "herald.lock";

    /**
     * Directories locked by this JVM. Checked before opening the lock file a second time, because
     * on Linux closing any descriptor of a file drops the whole process's locks on it.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirLock acquire(Path dataDir) {
        Path dir;
        try {
            dir = dataDir.toRealPath();
        } catch (IOException e) {
            throw new HeraldException(ErrorCode.STORE_UNAVAILABLE, "cannot open data directory " + dataDir + ": " + e, e);
        }
        if (!HELD.add(dir)) {
            throw inUse(dataDir);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new DataDirLock(dir, channel, lock);
            }
            closeQuietly(channel);
            HELD.remove(dir);
            throw inUse(dataDir);
        } catch (IOException e) {
            closeQuietly(channel);
            HELD.remove(dir);
            throw new HeraldException(ErrorCode.STORE_UNAVAILABLE, "cannot lock data directory " + dataDir + ": " + e, e);
        }
    }

    private static HeraldException inUse(Path dataDir) {
        return new HeraldException(ErrorCode.STORE_UNAVAILABLE, "data directory " + dataDir
                + " is in use by another Herald store (one process per SQLite data directory;"
                + " use PostgreSQL to run several nodes)");
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
        HELD.remove(dir);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
