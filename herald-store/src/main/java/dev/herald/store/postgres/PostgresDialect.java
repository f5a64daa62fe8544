package dev.herald.store.postgres;

import dev.herald.store.jdbc.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * PostgreSQL on the write path. Several nodes may write one database, so every writing transaction
 * first takes a transaction-scoped advisory lock: one transaction at a time reads the head, numbers
 * its items and commits, and the lock is released only at commit or rollback. Numbers are therefore
 * dense and become visible in order, and a rolled-back batch rolls its numbers back with it. With
 * group commit this is one short critical section per batch, not per publish.
 */
final class PostgresDialect implements Dialect {
    /** Herald's advisory lock key ("HeraldSq"); other applications on the database must not use it. */
    static final long SEQUENCE_LOCK = 0x4865_7261_6C64_5371L;

    /** SQLSTATEs besides class 08 (connection exception) that mean "the server is not serving us". */
    private static final Set<String> UNAVAILABLE = Set.of("57P01", "57P02", "57P03", "53300", "53400");

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public void lockSequence(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, SEQUENCE_LOCK);
            ps.execute();
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
                    && (e.getSQLState().startsWith("08") || UNAVAILABLE.contains(e.getSQLState()))) {
                return true;
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }
}
