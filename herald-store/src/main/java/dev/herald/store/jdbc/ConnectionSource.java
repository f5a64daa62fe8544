package dev.herald.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the writer and the readers get their connections: a fixed set (SQLite, where each
 * connection is a file handle kept for the store's life) or a pool (PostgreSQL, where a connection
 * broken by a server restart is replaced on the next borrow). Read connections come with auto-commit
 * off; the writer's transactions are begun and ended by its {@link Dialect}.
 */
public interface ConnectionSource extends AutoCloseable {

    Connection borrow() throws SQLException;

    /** Gives a connection back; its transaction has been committed or rolled back. */
    void release(Connection connection);

    @Override
    void close();
}
