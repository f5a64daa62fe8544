package dev.herald.store.sqlite;

import dev.herald.store.jdbc.Dialect;
import org.sqlite.SQLiteException;

import java.sql.Connection;

/**
 * SQLite on the write path: the store's single writer connection begins IMMEDIATE transactions, so
 * numbering needs no lock of its own — one thread assigns numbers inside its transaction.
 */
final class SqliteDialect implements Dialect {

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public void lockSequence(Connection connection) {
        // Nothing to do: one writer thread, one writer connection, and the data directory lock keeps
        // every other process out.
    }

    /**
     * A locked, full, read-only or failing disk fails every op the same way, so the queue fails at
     * once instead of each op being retried behind a 5 s busy timeout.
     */
    @Override
    public boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException e) {
                String code = e.getResultCode().name();
                return code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")
                        || code.startsWith("SQLITE_IOERR") || code.startsWith("SQLITE_FULL")
                        || code.startsWith("SQLITE_READONLY") || code.startsWith("SQLITE_CANTOPEN");
            }
        }
        return false;
    }
}
