package dev.herald.store.jdbc;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Turns database failures into the catalogue's {@link ErrorCode#STORE_UNAVAILABLE}. The message
 * goes to clients, so it is fixed text; the cause (driver messages may quote data) stays in logs.
 */
final class Failures {
    private Failures() {
    }

    static HeraldException closed() {
        return new HeraldException(ErrorCode.STORE_UNAVAILABLE, "store is closed");
    }

    static <T> CompletableFuture<T> closedFuture() {
        return CompletableFuture.failedFuture(closed());
    }

    /**
     * SQL failures become STORE_UNAVAILABLE (retry later), except data exceptions (SQLSTATE class
     * 22, e.g. a NUL character PostgreSQL text cannot hold): retrying those can never succeed, so
     * they are VALIDATION_FAILED. HeraldExceptions and programming errors pass as they are.
     */
    static RuntimeException map(Throwable failure, String what) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof HeraldException h) {
            return h;
        }
        String state = sqlState(t);
        if (state != null && state.startsWith("22")) {
            return new HeraldException(ErrorCode.VALIDATION_FAILED,
                    "the store cannot hold a value of this request (SQLSTATE " + state + ")", t);
        }
        if (t instanceof SQLException) {
            return new HeraldException(ErrorCode.STORE_UNAVAILABLE, "store unavailable: " + what + " failed", t);
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        return new HeraldException(ErrorCode.STORE_UNAVAILABLE, "store unavailable: " + what + " failed", t);
    }

    /**
     * The SQLSTATE of a failure, looking through batch wrappers (a failed JDBC batch reports the
     * statement's own failure as its next exception or cause).
     */
    static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e) {
                for (SQLException s = e; s != null; s = s.getNextException()) {
                    if (s.getSQLState() != null) {
                        return s.getSQLState();
                    }
                }
            }
        }
        return null;
    }

    /**
     * A failure for a log line: drivers' messages can quote a statement with its parameter values
     * (user ids, content), which do not belong in logs, so SQL failures are named by SQLSTATE only.
     */
    static String describe(Throwable failure) {
        if (failure instanceof SQLException || failure.getCause() instanceof SQLException) {
            return failure.getClass().getSimpleName() + " (SQLSTATE " + sqlState(failure) + ")";
        }
        return failure.toString();
    }
}
