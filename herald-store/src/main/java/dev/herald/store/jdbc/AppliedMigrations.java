package dev.herald.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The versions Flyway's schema history table records as applied, read with one plain query. Anything
 * Flyway would have to look at — no history table yet, a failed migration, a row of a kind Herald
 * never writes — makes the answer "unknown", and Flyway then runs as always.
 */
final class AppliedMigrations {
    /** Flyway's default history table; Herald never renames it. */
    static final String HISTORY_TABLE = "flyway_schema_history";

    private AppliedMigrations() {
    }

    /** The canonical versions applied, or empty if the history cannot be read or is not plainly clean. */
    static Optional<Set<String>> versions(Connection connection) {
        Set<String> versions = new HashSet<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, type, success FROM " + HISTORY_TABLE)) {
            while (rs.next()) {
                String raw = rs.getString(1);
                String type = rs.getString(2);
                if (!rs.getBoolean(3)) {
                    return Optional.empty(); // a failed migration: Flyway reports it
                }
                if (raw == null) {
                    // The marker Flyway writes when it created the schema itself; any other row without
                    // a version (a repeatable migration) is Flyway's to check.
                    if (!"SCHEMA".equals(type)) {
                        return Optional.empty();
                    }
                    continue;
                }
                String version = MigrationVersions.canonical(raw);
                if (version == null || !versions.add(version)) {
                    return Optional.empty();
                }
            }
        } catch (SQLException e) {
            return Optional.empty(); // most often: no history table yet, a new database
        }
        return Optional.of(versions);
    }
}
