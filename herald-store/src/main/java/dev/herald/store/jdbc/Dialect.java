package dev.herald.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What differs between databases on the write path; the SQL itself is shared.
 *
 * <p>The writer's transactions are begun, committed and rolled back here, not by the driver's
 * auto-commit bookkeeping: a database may end a transaction on its own when a statement fails
 * (SQLite rolls back on a full disk), and a driver that does not notice would run the next batch in
 * auto-commit, storing half of it and then refusing it at commit. Every transaction therefore starts
 * with an explicit {@link #begin}, and a failed one is always {@link #rollback rolled back}, whatever
 * state the database left it in.
 */
public interface Dialect {

    /** Short lower-case name used in thread names ({@code herald-<name>-writer}). */
    String name();

    /** Starts a writing transaction on the writer's connection. */
    void begin(Connection connection) throws SQLException;

    /**
     * Called first in every writing transaction, before the head is read: makes this transaction
     * the only one numbering items until it ends (PostgreSQL: a transaction-scoped advisory lock;
     * SQLite: nothing, its one writer connection begins IMMEDIATE transactions).
     *
     * @return the transaction's id for {@link #fateOf}, or -1 where a failed commit is never in doubt
     */
    long lockSequence(Connection connection) throws SQLException;

    /**
     * A commit failed as if the database were unreachable: did the transaction {@code transactionId}
     * ({@link #lockSequence}'s) commit after all? Asked on another connection, for a bounded time.
     * The default is for databases where a failed commit is always a rolled-back one.
     */
    default CommitFate fateOf(long transactionId, ConnectionSource connections) {
        return CommitFate.ROLLED_BACK;
    }

    /** Commits the transaction {@link #begin} started. */
    void commit(Connection connection) throws SQLException;

    /**
     * Ends a failed transaction and leaves the connection ready for the next {@link #begin}, also
     * when the database already rolled it back itself. Never throws.
     */
    void rollback(Connection connection);

    /**
     * True when the failure says the database cannot take writes now (unreachable, disk full,
     * timed out, read-only) rather than that this batch was bad: everything queued fails at once
     * instead of being retried op by op, and the store reports an outage until a write succeeds.
     */
    boolean isUnreachable(Throwable failure);

    /**
     * Why the database refuses writes, for the one log line of an outage and for {@code /health}: a
     * code and the database's fixed text for it, never a driver message (those can quote values).
     */
    String reason(Throwable failure);
}
