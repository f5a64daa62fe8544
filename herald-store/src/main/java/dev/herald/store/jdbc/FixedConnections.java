package dev.herald.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fixed set of connections opened once (SQLite: as many read connections as reader threads, or
 * the writer's single connection). Nothing to reconnect: the database is a local file.
 */
public final class FixedConnections implements ConnectionSource {
    private final List<Connection> all;
    private final BlockingQueue<Connection> idle;

    public FixedConnections(List<Connection> connections) {
        this.all = List.copyOf(connections);
        this.idle = new ArrayBlockingQueue<>(all.size(), false, all);
    }

    @Override
    public Connection borrow() throws SQLException {
        try {
            Connection c = idle.poll(5, TimeUnit.SECONDS);
            if (c == null) {
                throw new SQLException("no idle connection within 5 s");
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a connection", e);
        }
    }

    @Override
    public void release(Connection connection) {
        idle.offer(connection);
    }

    @Override
    public void close() {
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing: nothing useful to do
            }
        }
    }
}
