package dev.herald.store.jdbc;

import dev.herald.core.item.EventId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * Creates or upgrades the schema with Flyway (versioned SQL files under {@code db/<database>/} in
 * the classpath; Flyway serialises concurrent migrations, so several nodes may start at once), then
 * gives the database its epoch once.
 *
 * <p>Flyway costs a few hundred milliseconds of every start, almost all of it when there is nothing
 * to do. So when the history table already lists exactly the bundled migrations, all applied
 * successfully, Flyway is neither run nor loaded. Every other case (a new database, one behind, one
 * newer than this code, a failed or unusual history) goes to Flyway exactly as before.
 */
public final class Schema {
    private static final Logger log = LoggerFactory.getLogger(Schema.class);

    private Schema() {
    }

    /**
     * Applies pending migrations from {@code classpath:db/<location>}.
     *
     * @return true if Flyway ran; false if the schema already had exactly the bundled migrations
     * @throws SQLException if no connection can be had to look at the schema history
     */
    public static boolean migrate(DataSource dataSource, String location) throws SQLException {
        if (isCurrent(dataSource, location)) {
            log.debug("schema already current (db/{}): Flyway not run", location);
            return false;
        }
        FlywayMigration.run(dataSource, location);
        return true;
    }

    /** True when the history lists exactly the bundled versions, every one applied successfully. */
    private static boolean isCurrent(DataSource dataSource, String location) throws SQLException {
        Optional<Set<String>> bundled = BundledMigrations.versions(Schema.class.getClassLoader(), location);
        if (bundled.isEmpty() || bundled.get().isEmpty()) {
            return false;
        }
        try (Connection c = dataSource.getConnection()) {
            Optional<Set<String>> applied = AppliedMigrations.versions(c);
            return applied.isPresent() && applied.get().equals(bundled.get());
        }
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

    /**
     * Raises the head to the last stored item if it is below it, and returns by how many. Herald 0.1
     * could leave items above the head on a full SQLite disk (written in auto-commit after SQLite had
     * rolled the transaction back), after which every write collided with them; such items were
     * stored, so they are kept and become part of the log. Commits.
     */
    public static long raiseHeadToLastItem(Connection c) throws SQLException {
        long head;
        long last;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT head, (SELECT COALESCE(MAX(seq), 0) FROM items) FROM log_state WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            head = rs.getLong(1);
            last = rs.getLong(2);
        }
        if (last > head) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE log_state SET head = ? WHERE id = 1")) {
                ps.setLong(1, last);
                ps.executeUpdate();
            }
        }
        c.commit();
        return Math.max(0, last - head);
    }
}
