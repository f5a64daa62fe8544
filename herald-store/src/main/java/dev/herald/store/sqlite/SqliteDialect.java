package dev.herald.store.sqlite;

import dev.herald.store.jdbc.Dialect;
import org.sqlite.SQLiteException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SQLite on the write path: the store's single writer connection runs in the driver's auto-commit
 * mode and the writer begins each transaction itself with {@code BEGIN IMMEDIATE}, so numbering
 * needs no lock of its own — one thread assigns numbers inside its transaction. SQLite rolls a
 * transaction back by itself on some failures (a full disk, an I/O error); because every batch
 * begins explicitly, the next batch is a transaction again instead of silently running in
 * auto-commit.
 */
final class SqliteDialect implements Dialect {

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public void begin(Connection connection) throws SQLException {
        exec(connection, "BEGIN IMMEDIATE");
    }

    @Override
    public long lockSequence(Connection connection) {
        // Nothing to do: one writer thread, one writer connection, and the data directory lock keeps
        // every other process out. A failed COMMIT is a rolled-back one: never in doubt.
        return -1;
    }

    @Override
    public void commit(Connection connection) throws SQLException {
        exec(connection, "COMMIT");
    }

    @Override
    public void rollback(Connection connection) {
        try {
            exec(connection, "ROLLBACK");
        } catch (SQLException ignored) {
            // "no transaction is active": SQLite already rolled it back (SQLITE_FULL, SQLITE_IOERR)
        }
    }

    /**
     * A locked, full, read-only or failing disk fails every op the same way, so the queue fails at
     * once instead of each op being retried behind a 5 s busy timeout.
     */
    @Override
    public boolean isUnreachable(Throwable failure) {
        SQLiteException e = sqliteFailure(failure);
        if (e == null) {
            return false;
        }
        String code = e.getResultCode().name();
        return code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")
                || code.startsWith("SQLITE_IOERR") || code.startsWith("SQLITE_FULL")
                || code.startsWith("SQLITE_READONLY") || code.startsWith("SQLITE_CANTOPEN");
    }

    /** SQLite's result code and its fixed text, e.g. {@code SQLITE_FULL (Insertion failed because database is full)}. */
    @Override
    public String reason(Throwable failure) {
        SQLiteException e = sqliteFailure(failure);
        if (e == null) {
            return failure.getClass().getSimpleName();
        }
        return e.getResultCode().name() + " (" + e.getResultCode().message + ")";
    }

    private static SQLiteException sqliteFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException e) {
                return e;
            }
        }
        return null;
    }

    private static void exec(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}
