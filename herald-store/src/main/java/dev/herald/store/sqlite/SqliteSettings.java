package dev.herald.store.sqlite;

/**
 * How the SQLite store trades durability for speed, and how many reader connections it opens.
 *
 * @param synchronous {@link Synchronous#FULL} (default): an acknowledged publish survives power loss.
 *                    {@link Synchronous#NORMAL}: it survives a crash of the process, but the last
 *                    commits before a power loss may be lost (WAL is then synced at checkpoints only).
 * @param readers     reader threads, each with its own read-only connection (WAL lets them read
 *                    while the writer writes); default 2..4 by CPU count
 */
public record SqliteSettings(Synchronous synchronous, int readers) {

    /** SQLite's {@code PRAGMA synchronous} values Herald supports. */
    public enum Synchronous {
        FULL, NORMAL
    }

    public SqliteSettings {
        if (synchronous == null) {
            throw new IllegalArgumentException("synchronous must be set");
        }
        if (readers < 1 || readers > 64) {
            throw new IllegalArgumentException("readers must be 1..64");
        }
    }

    public static SqliteSettings defaults() {
        return new SqliteSettings(Synchronous.FULL, Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    public SqliteSettings withSynchronous(Synchronous value) {
        return new SqliteSettings(value, readers);
    }
}
