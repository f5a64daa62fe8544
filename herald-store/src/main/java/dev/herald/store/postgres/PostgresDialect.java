package dev.herald.store.postgres;

import dev.herald.store.jdbc.CommitFate;
import dev.herald.store.jdbc.ConnectionSource;
import dev.herald.store.jdbc.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;

/**
 * PostgreSQL on the write path. Several nodes may write one database, so every writing transaction
 * first takes a transaction-scoped advisory lock: one transaction at a time reads the head, numbers
 * its items and commits, and the lock is released only at commit or rollback. Numbers are therefore
 * dense and become visible in order, and a rolled-back batch rolls its numbers back with it. With
 * group commit this is one short critical section per batch, not per publish.
 *
 * <p>The pool's connections have auto-commit off, so the driver begins a transaction at the first
 * statement; a statement that fails (a statement timeout, a full disk) leaves it aborted until the
 * rollback, which PostgreSQL always accepts.
 *
 * <p>A node cut off (or paused) while it holds the lock would hold it, and stall every node's
 * writes, until its bytes flow again: PostgreSQL keeps a transaction whose client went quiet open
 * for good. So each writing transaction sets {@code idle_in_transaction_session_timeout} for itself
 * ({@code SET LOCAL}, in the statement that takes the lock: no extra round trip, and it works behind
 * a transaction-pooling PgBouncer): the server ends the transaction and frees the lock once its
 * client has been quiet that long, and the node's commit then fails, so its callers are told
 * nothing was stored.
 *
 * <p>A commit can also fail after the server committed (its reply was lost). The same statement
 * notes the transaction's id, and {@link #fateOf} asks {@code txid_status} on another connection
 * whether it committed, until it is decided or {@code 2 × lockHoldLimit} has passed: a
 * transaction still in progress then is one whose client went quiet, which the limit ends.
 */
final class PostgresDialect implements Dialect {
    /** Herald's advisory lock key ("HeraldSq"); other applications on the database must not use it. */
    static final long SEQUENCE_LOCK = 0x4865_7261_6C64_5371L;

    private final String lockHoldLimitMillis;
    private final long resolveWithinNanos;

    /**
     * SQLSTATEs besides class 08 (connection exception) that mean "the server cannot take our writes
     * now", with the fixed text an outage is reported with.
     */
    private static final Map<String, String> UNAVAILABLE = Map.ofEntries(
            Map.entry("57014", "statement timeout or cancel"),
            Map.entry("57P01", "server shutting down"),
            Map.entry("57P02", "server crashed"),
            Map.entry("57P03", "server not accepting connections yet"),
            Map.entry("53100", "disk full"),
            Map.entry("53200", "out of memory"),
            Map.entry("53300", "too many connections"),
            Map.entry("53400", "configuration limit exceeded"),
            Map.entry("58030", "I/O error"),
            Map.entry("25006", "read-only transaction (a standby, or default_transaction_read_only)"),
            Map.entry("25P03", "idle in transaction too long: the node was cut off or paused holding the lock"));

    /** @param lockHoldLimit how long the server keeps a writing transaction whose client went quiet */
    PostgresDialect(Duration lockHoldLimit) {
        this.lockHoldLimitMillis = Long.toString(lockHoldLimit.toMillis());
        this.resolveWithinNanos = lockHoldLimit.multipliedBy(2).toNanos();
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public void begin(Connection connection) {
        // Auto-commit is off: the transaction begins with the first statement.
    }

    @Override
    public long lockSequence(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT set_config('idle_in_transaction_session_timeout',"
                + " ?, true), pg_advisory_xact_lock(?), txid_current()")) {
            ps.setString(1, lockHoldLimitMillis);
            ps.setLong(2, SEQUENCE_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(3);
            }
        }
    }

    @Override
    public CommitFate fateOf(long transactionId, ConnectionSource connections) {
        long deadline = System.nanoTime() + resolveWithinNanos;
        while (true) {
            try {
                String status = status(transactionId, connections);
                if ("committed".equals(status)) {
                    return CommitFate.COMMITTED;
                }
                if ("aborted".equals(status)) {
                    return CommitFate.ROLLED_BACK;
                }
                if (status == null) {
                    // Too old for the server to know: cannot happen to a transaction of seconds ago.
                    return CommitFate.UNKNOWN;
                }
                // "in progress": its COMMIT has not arrived (yet); the lock hold limit ends it if it never does.
            } catch (SQLException stillUnreachable) {
                // asked again until the deadline
            }
            if (System.nanoTime() > deadline) {
                return CommitFate.UNKNOWN;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CommitFate.UNKNOWN;
            }
        }
    }

    private static String status(long transactionId, ConnectionSource connections) throws SQLException {
        Connection c = connections.borrow();
        try (PreparedStatement ps = c.prepareStatement("SELECT txid_status(?)")) {
            ps.setLong(1, transactionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } finally {
            rollbackQuietly(c);
            connections.release(c);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // broken: the pool discards it
        }
    }

    @Override
    public void commit(Connection connection) throws SQLException {
        connection.commit();
    }

    @Override
    public void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }

    @Override
    public boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException e && e.getSQLState() != null
                    && (e.getSQLState().startsWith("08") || UNAVAILABLE.containsKey(e.getSQLState()))) {
                return true;
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /** {@code SQLSTATE 53100 (disk full)}; a connection failure without a state by its kind. */
    @Override
    public String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e && e.getSQLState() != null) {
                String state = e.getSQLState();
                String text = state.startsWith("08") ? "connection failure" : UNAVAILABLE.get(state);
                return "SQLSTATE " + state + (text == null ? "" : " (" + text + ")");
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return "no connection to PostgreSQL within the connection timeout";
            }
            if (t instanceof java.io.IOException) {
                return "network failure (" + t.getClass().getSimpleName() + ")";
            }
        }
        return failure.getClass().getSimpleName();
    }
}
