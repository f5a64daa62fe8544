package dev.herald.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What differs between databases on the write path; the SQL itself is shared.
 */
public interface Dialect {

    /** Short lower-case name used in thread names ({@code herald-<name>-writer}). */
    String name();

    /**
     * Called first in every writing transaction, before the head is read: makes this transaction
     * the only one numbering items until it ends (PostgreSQL: a transaction-scoped advisory lock;
     * SQLite: nothing, its one writer connection begins IMMEDIATE transactions).
     */
    void lockSequence(Connection connection) throws SQLException;

    /**
     * True when the failure says the database cannot be reached (rather than that this batch was
     * bad): everything queued fails at once instead of being retried op by op.
     */
    boolean isUnreachable(Throwable failure);
}
