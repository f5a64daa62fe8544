package dev.herald.store.sqlite;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.store.StoreOptions;
import dev.herald.store.jdbc.FixedConnections;
import dev.herald.store.jdbc.JdbcStore;
import dev.herald.store.jdbc.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded default {@link dev.herald.core.store.Store}: one SQLite file,
 * {@code <dataDir>/herald.db}, in WAL mode. One writer thread ({@code herald-sqlite-writer}) with
 * one connection numbers and commits items in group-commit batches; reader threads
 * ({@code herald-sqlite-reader-N}) each hold a read-only connection and read while it writes.
 * By default every commit is synced ({@code synchronous=FULL}), so an acknowledged publish survives
 * power loss. One store per data directory: a second open fails (see {@link DataDirLock}).
 */
public final class SqliteStore extends JdbcStore {
    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);
    /** The database file inside the data directory. */
    public static final String DATABASE_FILE = "herald.db";
    private static final int BUSY_TIMEOUT_MILLIS = 5_000;

    private final DataDirLock lock;

    private SqliteStore(String epoch, StoreOptions options, FixedConnections writer, FixedConnections readers,
                        int readerCount, DataDirLock lock) {
        super(epoch, options, new SqliteDialect(), writer, readers, readerCount);
        this.lock = lock;
    }

    /** Opens (creating or migrating) the store in {@code dataDir} with the default settings. */
    public static SqliteStore open(Path dataDir, StoreOptions options) {
        return open(dataDir, options, SqliteSettings.defaults());
    }

    /**
     * Opens (creating or migrating) the store in {@code dataDir}, creating the directory if needed.
     * Blocks while the schema is migrated.
     *
     * @throws HeraldException STORE_UNAVAILABLE if the directory is in use by another store or the
     *                         database cannot be opened
     */
    public static SqliteStore open(Path dataDir, StoreOptions options, SqliteSettings settings) {
        try {
            PrivateFiles.directory(dataDir);
        } catch (IOException e) {
            throw new HeraldException(ErrorCode.STORE_UNAVAILABLE, "cannot create data directory " + dataDir + ": " + e, e);
        }
        DataDirLock lock = DataDirLock.acquire(dataDir);
        try {
            PrivateFiles.databaseFile(dataDir.resolve(DATABASE_FILE));
        } catch (IOException e) {
            lock.close();
            throw new HeraldException(ErrorCode.STORE_UNAVAILABLE, "cannot create " + DATABASE_FILE + " in " + dataDir
                    + ": " + e, e);
        }
        // Before the driver's first connection in this JVM: load its native library from the data
        // directory instead of extracting it again.
        NativeLibrary.useCopyIn(dataDir);
        List<Connection> opened = new ArrayList<>();
        try {
            String url = "jdbc:sqlite:" + dataDir.resolve(DATABASE_FILE).toAbsolutePath();
            SQLiteConfig writeConfig = config(settings, false, walCheckpointPages(usableSpace(dataDir)));
            SQLiteDataSource migrations = new SQLiteDataSource(writeConfig);
            migrations.setUrl(url);
            Schema.migrate(migrations, "sqlite");

            Connection writer = writeConfig.createConnection(url);
            opened.add(writer);
            writer.setAutoCommit(false);
            String epoch = Schema.epoch(writer);
            long recovered = Schema.raiseHeadToLastItem(writer);
            if (recovered > 0) {
                log.warn("the log's head was {} items below its last item (written in auto-commit by an earlier"
                        + " version while the disk was full); raised it so writes work again", recovered);
            }
            // From here the writer begins and commits its transactions itself (SqliteDialect): the
            // driver's own bookkeeping misses a rollback SQLite does on its own (a full disk).
            writer.setAutoCommit(true);

            SQLiteConfig readConfig = config(settings, true, MIN_WAL_CHECKPOINT_PAGES);
            List<Connection> readers = new ArrayList<>();
            for (int i = 0; i < settings.readers(); i++) {
                Connection reader = readConfig.createConnection(url);
                opened.add(reader);
                reader.setAutoCommit(false);
                readers.add(reader);
            }
            return new SqliteStore(epoch, options, new FixedConnections(List.of(writer)), new FixedConnections(readers),
                    readers.size(), lock);
        } catch (SQLException | RuntimeException e) {
            for (Connection c : opened) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // already failing
                }
            }
            lock.close();
            throw e instanceof HeraldException h ? h : new HeraldException(ErrorCode.STORE_UNAVAILABLE,
                    "cannot open the SQLite store in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** WAL pages (4 KiB each) between automatic checkpoints; SQLite's default is 1,000. */
    static final int WAL_CHECKPOINT_PAGES = 16_384;
    /** The least threshold on a small disk: SQLite's own default. */
    static final int MIN_WAL_CHECKPOINT_PAGES = 1_000;

    /**
     * The checkpoint threshold for a data directory with {@code usableBytes} free: 64 MiB of WAL, but
     * never more than an eighth of the free space, so that on a small disk the WAL is checkpointed
     * long before it could fill it. A WAL that fills the disk stays so: SQLite checkpoints only after
     * a commit, and no commit fits any more (found by the chaos checker: a node refused every write
     * for good, its 335 KB database behind a 35 MB WAL on a 48 MiB disk).
     */
    static int walCheckpointPages(long usableBytes) {
        long eighth = usableBytes / 8 / 4096;
        return (int) Math.max(MIN_WAL_CHECKPOINT_PAGES, Math.min(WAL_CHECKPOINT_PAGES, eighth));
    }

    /** The writer connection's page cache, in KiB (SQLite's default is 2,000). */
    static final int WRITER_CACHE_KIB = 32 * 1024;

    private static long usableSpace(Path dataDir) {
        try {
            return java.nio.file.Files.getFileStore(dataDir).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE; // unknown: the default threshold
        }
    }

    /** {@code walPages} is the writer's checkpoint threshold (readers do not checkpoint). */
    static SQLiteConfig config(SqliteSettings settings, boolean readOnly, int walPages) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        if (readOnly) {
            // Deferred: a read transaction takes its WAL snapshot at its first query and never the write lock.
            config.setReadOnly(true);
            config.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
        } else {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(settings.synchronous() == SqliteSettings.Synchronous.FULL
                    ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            // Checkpoint the WAL into the database every 64 MiB instead of SQLite's 4 MiB: a run of
            // inserts for many users dirties the same index pages again and again, and each
            // checkpoint writes (and syncs) every dirty page once, on the writer thread. Under a
            // sustained publish load this took batched publishing from about 21,000 to about 26,000
            // notifications/s. Commits are still synced as before; only the copy into the main file
            // is rarer (and the WAL file larger, up to about 64 MiB).
            // On a small disk the threshold is lower (walCheckpointPages).
            config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, Integer.toString(walPages));
            // The writer's page cache: SQLite's default of 2 MiB does not hold the index pages that
            // inserts for thousands of users touch, so the writer read them back from the file in
            // every transaction (5% of a single-publish profile was pread). Negative: in KiB. Pages
            // are cached only once read, so an idle or small hub spends no more memory than before.
            config.setCacheSize(-WRITER_CACHE_KIB);
        }
        return config;
    }

    @Override
    protected void closed() {
        lock.close();
    }
}
