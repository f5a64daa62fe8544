package dev.herald.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on a connection inside one transaction the caller opens and ends. */
@FunctionalInterface
interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
}
