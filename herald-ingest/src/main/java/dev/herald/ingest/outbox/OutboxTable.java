package dev.herald.ingest.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The outbox table, its dead-letter table and the trigger that wakes consumers, by name. Names are
 * checked by {@link OutboxConfig} before they are spliced into SQL.
 */
public final class OutboxTable {
    private final String table;
    private final String schemaPrefix;
    private final String bareName;

    public OutboxTable(String table) {
        this.table = table;
        int dot = table.indexOf('.');
        this.schemaPrefix = dot < 0 ? "" : table.substring(0, dot + 1);
        this.bareName = table.substring(dot + 1);
    }

    /** The outbox, as configured ({@code [schema.]name}). */
    public String name() {
        return table;
    }

    /** Where rejected rows go, beside the outbox. */
    public String deadName() {
        return table + "_dead";
    }

    /** The NOTIFY channel: the configured name, so two outboxes in one database do not wake each other. */
    public String channel() {
        return table;
    }

    /**
     * Creates what is missing: the outbox (with its index for reading one partition in id order), the
     * dead-letter table and the statement-level trigger that NOTIFYs. Idempotent; several nodes may
     * run it at once (a transaction-scoped advisory lock serializes them, since CREATE ... IF NOT
     * EXISTS alone can still collide on the catalog).
     */
    public void ensure(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + PartitionLocks.keyOf("herald-outbox-ddl:" + table) + ")");
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " ("
                    + "id bigserial PRIMARY KEY, "
                    + "partition_key text NOT NULL DEFAULT '', "
                    + "kind text, "
                    + "body text NOT NULL, "
                    + "created_at timestamptz NOT NULL DEFAULT now())");
            s.execute("CREATE INDEX IF NOT EXISTS " + bareName + "_part ON " + table + " (partition_key, id)");
            s.execute("CREATE TABLE IF NOT EXISTS " + deadName() + " ("
                    + "id bigint NOT NULL, "
                    + "partition_key text NOT NULL, "
                    + "kind text, "
                    + "body text NOT NULL, "
                    + "created_at timestamptz NOT NULL, "
                    + "error_code text NOT NULL, "
                    + "error_message text NOT NULL, "
                    + "dead_at timestamptz NOT NULL DEFAULT clock_timestamp())");
            // Suffixes of 5 characters: with a name of at most 57 they stay within PostgreSQL's 63.
            // One NOTIFY per inserting statement, not per row: a 500-row INSERT wakes consumers once.
            s.execute("CREATE OR REPLACE FUNCTION " + schemaPrefix + bareName + "_wake() RETURNS trigger"
                    + " LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('" + channel() + "', ''); RETURN NULL; END $$");
            if (!hasTrigger(c)) {
                s.execute("CREATE TRIGGER " + bareName + "_wake AFTER INSERT ON " + table
                        + " FOR EACH STATEMENT EXECUTE FUNCTION " + schemaPrefix + bareName + "_wake()");
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private boolean hasTrigger(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM pg_trigger WHERE tgrelid = ?::regclass AND tgname = ?")) {
            ps.setString(1, table);
            ps.setString(2, bareName + "_wake");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
