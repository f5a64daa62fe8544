package dev.herald.store.jdbc;

import dev.herald.core.item.EventId;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Creates or upgrades the schema with Flyway (versioned SQL files under {@code db/<database>/} in
 * the classpath; Flyway serialises concurrent migrations, so several nodes may start at once), then
 * gives the database its epoch once.
 */
public final class Schema {
    private Schema() {
    }

    /** Applies pending migrations from {@code classpath:db/<location>}. */
    public static void migrate(DataSource dataSource, String location) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/" + location)
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    /**
     * The database's epoch: generated the first time (right after the schema was created) and
     * fixed from then on. Insert-if-absent, so two nodes starting together agree on one.
     */
    public static String epoch(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO log_state (id, epoch, head, horizon)"
                + " VALUES (1, ?, 0, 0) ON CONFLICT (id) DO NOTHING")) {
            ps.setString(1, EventId.newEpoch());
            ps.executeUpdate();
        }
        String epoch;
        try (PreparedStatement ps = c.prepareStatement("SELECT epoch FROM log_state WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            epoch = rs.getString(1);
        }
        c.commit();
        if (!EventId.isValidEpoch(epoch)) {
            throw new SQLException("the stored epoch is not a valid id prefix");
        }
        return epoch;
    }
}
