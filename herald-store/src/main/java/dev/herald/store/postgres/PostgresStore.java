package dev.herald.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.store.StoreOptions;
import dev.herald.store.jdbc.JdbcStore;
import dev.herald.store.jdbc.Schema;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The {@link dev.herald.core.store.Store} for one or many Herald nodes sharing a PostgreSQL database.
 * Writes go through one group-commit writer per node ({@code herald-postgres-writer}), numbered under
 * an advisory lock shared by all nodes (see {@link PostgresDialect}); reads run on
 * {@code herald-postgres-reader-N} threads in REPEATABLE READ transactions.
 *
 * <p>Two Hikari pools: the writer's (READ COMMITTED, so each statement after the lock sees the
 * previous holder's commit) and the readers'. A down server fails calls within the connection
 * timeout with STORE_UNAVAILABLE; the pools reconnect by themselves when it is back.
 */
public final class PostgresStore extends JdbcStore {
    /** The writer uses one connection; a spare covers a connection being replaced. */
    private static final int WRITE_POOL = 2;

    private PostgresStore(String epoch, StoreOptions options, HikariDataSource write, HikariDataSource read,
                          PostgresSettings settings) {
        super(epoch, options, new PostgresDialect(settings.lockHoldLimit()), new PooledConnections(write),
                new PooledConnections(read), settings.readers());
    }

    /** Opens the store with default settings; see {@link #open(String, StoreOptions, PostgresSettings)}. */
    public static PostgresStore open(String url, StoreOptions options) {
        return open(url, options, PostgresSettings.defaults());
    }

    /**
     * Connects, creates or migrates the schema (in the URL's {@code currentSchema}, default
     * {@code public}) and returns a ready store. Blocks while doing so.
     *
     * @param url {@code postgresql://user:pass@host:5432/db} or {@code jdbc:postgresql://...}; see {@link PostgresUrl}
     * @throws IllegalArgumentException if the URL is malformed (the message never contains the password)
     * @throws HeraldException          STORE_UNAVAILABLE if the database cannot be reached or migrated
     */
    public static PostgresStore open(String url, StoreOptions options, PostgresSettings settings) {
        PostgresUrl target = PostgresUrl.parse(url);
        HikariDataSource write = null;
        HikariDataSource read = null;
        try {
            Schema.migrate(migrationSource(target, settings), "postgres");
            write = pool(target, settings, "herald-postgres-write", WRITE_POOL, false);
            read = pool(target, settings, "herald-postgres-read", settings.readers(), true);
            String epoch;
            try (Connection c = write.getConnection()) {
                epoch = Schema.epoch(c);
            }
            return new PostgresStore(epoch, options, write, read, settings);
        } catch (SQLException | RuntimeException e) {
            if (write != null) {
                write.close();
            }
            if (read != null) {
                read.close();
            }
            throw new HeraldException(ErrorCode.STORE_UNAVAILABLE, "cannot open the PostgreSQL store at "
                    + target.redacted() + ": " + safeMessage(e, target), e);
        }
    }

    private static PGSimpleDataSource migrationSource(PostgresUrl target, PostgresSettings settings) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(target.jdbcUrl());
        if (target.user() != null) {
            ds.setUser(target.user());
        }
        if (target.password() != null) {
            ds.setPassword(target.password());
        }
        ds.setConnectTimeout(seconds(settings.connectionTimeout().toMillis()));
        ds.setSocketTimeout((int) settings.socketTimeout().toSeconds());
        ds.setApplicationName("herald");
        ds.setLogServerErrorDetail(false);
        return ds;
    }

    private static HikariDataSource pool(PostgresUrl target, PostgresSettings settings, String name, int size,
                                         boolean readOnly) {
        return new HikariDataSource(poolConfig(target, settings, name, size, readOnly));
    }

    /**
     * A pool's configuration. The driver properties are strings: Hikari hands them to the driver as
     * they are, and the driver reads only string values, silently dropping the rest (an Integer
     * socket timeout was no socket timeout at all).
     */
    static HikariConfig poolConfig(PostgresUrl target, PostgresSettings settings, String name, int size,
                                   boolean readOnly) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(target.jdbcUrl());
        if (target.user() != null) {
            config.setUsername(target.user());
        }
        if (target.password() != null) {
            config.setPassword(target.password());
        }
        config.setMaximumPoolSize(size);
        config.setAutoCommit(false);
        config.setReadOnly(readOnly);
        // Readers: one snapshot per read (a page and its count agree). Writer: READ COMMITTED, so the
        // head read right after the advisory lock sees the commit of the lock's previous holder.
        config.setTransactionIsolation(readOnly ? "TRANSACTION_REPEATABLE_READ" : "TRANSACTION_READ_COMMITTED");
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.max(250, settings.connectionTimeout().toMillis() / 2));
        config.addDataSourceProperty("connectTimeout", String.valueOf(seconds(settings.connectionTimeout().toMillis())));
        config.addDataSourceProperty("socketTimeout", String.valueOf(settings.socketTimeout().toSeconds()));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // One multi-row INSERT per batch instead of a round trip per item.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "herald");
        // Server error details quote row values (user ids, content); they do not belong in messages or logs.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        return config;
    }

    private static int seconds(long millis) {
        return (int) Math.max(1, (millis + 999) / 1000);
    }

    /** The driver's own message (it names host and user, never the password), scrubbed anyway. */
    private static String safeMessage(Throwable e, PostgresUrl target) {
        Throwable deepest = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                deepest = t;
            }
        }
        String message = String.valueOf(deepest.getMessage());
        String password = target.password();
        return password == null || password.isEmpty() ? message : message.replace(password, "***");
    }
}
