package dev.herald.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.herald.store.jdbc.ConnectionSource;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connections from a Hikari pool: borrowing validates (and replaces broken connections, so the
 * store recovers by itself after a database restart) and gives up after the pool's connection
 * timeout, so a down database fails a call fast instead of hanging it.
 */
final class PooledConnections implements ConnectionSource {
    private final HikariDataSource pool;

    PooledConnections(HikariDataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection borrow() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void release(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // returning to the pool; a broken connection is evicted by Hikari
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
