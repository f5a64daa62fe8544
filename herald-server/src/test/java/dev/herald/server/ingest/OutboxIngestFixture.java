package dev.herald.server.ingest;

import dev.herald.ingest.outbox.OutboxTable;
import dev.herald.ingest.outbox.PostgresOutboxSource;
import dev.herald.store.postgres.TestPostgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fresh outbox in a fresh schema of the test database, written to as an app would: one INSERT per
 * message inside the app's own transaction. The table is created with the hub's own DDL (the hub
 * would create it too, but the tests write before a node starts).
 */
final class OutboxIngestFixture implements IngestFixture {
    private final String schema = TestPostgres.newSchema();
    private final OutboxTable table = new OutboxTable(schema + ".herald_outbox");
    private final List<String> partitions = new ArrayList<>();

    OutboxIngestFixture(int partitions) throws Exception {
        for (int i = 0; i < partitions; i++) {
            this.partitions.add("tenant-" + i);
        }
        try (Connection c = TestPostgres.admin()) {
            table.ensure(c);
        }
    }

    @Override
    public Map<String, String> env() {
        return Map.of("HERALD_INGEST_POSTGRES_OUTBOX_URL", TestPostgres.URL,
                "HERALD_INGEST_POSTGRES_OUTBOX_TABLE", table.name());
    }

    @Override
    public List<String> partitions() {
        return partitions;
    }

    @Override
    public void send(String partition, List<String> bodies) throws Exception {
        try (Connection c = TestPostgres.admin()) {
            c.setAutoCommit(false);
            insert(c, partition, bodies);
            c.commit();
        }
    }

    @Override
    public boolean sendRolledBack(String partition, String body) throws Exception {
        try (Connection c = TestPostgres.admin()) {
            c.setAutoCommit(false);
            insert(c, partition, List.of(body));
            c.rollback();
        }
        return true;
    }

    /** The app's one-line INSERT (docs/ingest.md), once per message. */
    private void insert(Connection c, String partition, List<String> bodies) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO " + table.name() + " (partition_key, body) VALUES (?, ?)")) {
            for (String body : bodies) {
                ps.setString(1, partition);
                ps.setString(2, body);
                ps.executeUpdate();
            }
        }
    }

    @Override
    public List<DeadLetter> deadLetters() throws Exception {
        List<DeadLetter> out = new ArrayList<>();
        try (Connection c = TestPostgres.admin();
             PreparedStatement ps = c.prepareStatement("SELECT body, error_code, error_message FROM "
                     + table.deadName() + " ORDER BY dead_at, id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new DeadLetter(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }

    @Override
    public String sourceName() {
        return PostgresOutboxSource.NAME;
    }

    @Override
    public void close() {
        TestPostgres.dropSchema(schema);
    }
}
