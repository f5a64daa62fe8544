package dev.herald.ingest.outbox;

import dev.herald.core.ingest.IngestMessage;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The statements the consumer runs on the outbox: which partitions wait, their next rows, the ack, the dead letter. */
final class OutboxRows {
    /** Above this many waiting rows the lag is estimated from the ids instead of counted. */
    private static final int COUNT_UP_TO = 10_000;

    private final String table;
    private final String dead;

    OutboxRows(OutboxTable t) {
        this.table = t.name();
        this.dead = t.deadName();
    }

    /**
     * The partitions that have rows, read from the (partition_key, id) index by skipping from one key
     * to the next: as many index probes as partitions, however many rows wait.
     */
    List<String> pendingPartitions(Connection c) throws SQLException {
        String sql = "WITH RECURSIVE p(k) AS ("
                + " (SELECT partition_key FROM " + table + " ORDER BY partition_key LIMIT 1)"
                + " UNION ALL"
                + " SELECT (SELECT partition_key FROM " + table + " WHERE partition_key > p.k ORDER BY partition_key LIMIT 1)"
                + " FROM p WHERE p.k IS NOT NULL)"
                + " SELECT k FROM p WHERE k IS NOT NULL";
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /**
     * The oldest rows of each of {@code partitions}, at most {@code perPartition} each, in id order.
     * The position is the id with the row's creation time, so it stays unique even when the table is
     * recreated or its sequence restarted.
     */
    List<IngestMessage> next(Connection c, Collection<String> partitions, int perPartition) throws SQLException {
        String sql = "SELECT r.id, r.partition_key, r.kind, r.body,"
                + " (extract(epoch FROM r.created_at) * 1000000)::bigint"
                + " FROM unnest(?::text[]) AS p(k) CROSS JOIN LATERAL"
                + " (SELECT id, partition_key, kind, body, created_at FROM " + table
                + " WHERE partition_key = p.k ORDER BY id LIMIT ?) r"
                + " ORDER BY r.id";
        List<IngestMessage> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", partitions.toArray()));
            ps.setInt(2, perPartition);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String position = rs.getLong(1) + "@" + rs.getLong(5);
                    String body = rs.getString(4);
                    out.add(new IngestMessage(rs.getString(2), position, rs.getString(3),
                            body.getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        return out;
    }

    /** The ack: the settled rows are gone (the dead-lettered ones already are). */
    void delete(Connection c, List<IngestMessage> settled) throws SQLException {
        Long[] ids = new Long[settled.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = idOf(settled.get(i));
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id = ANY(?)")) {
            Array array = c.createArrayOf("bigint", ids);
            ps.setArray(1, array);
            ps.executeUpdate();
        }
    }

    /**
     * Moves the row to the dead-letter table with the reason, in one statement: it is there exactly
     * once, durably, with its original body, even if the node dies right after.
     */
    void deadLetter(Connection c, IngestMessage m, String code, String reason) throws SQLException {
        String sql = "WITH moved AS (DELETE FROM " + table + " WHERE id = ?"
                + " RETURNING id, partition_key, kind, body, created_at)"
                + " INSERT INTO " + dead + " (id, partition_key, kind, body, created_at, error_code, error_message)"
                + " SELECT id, partition_key, kind, body, created_at, ?, ? FROM moved";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, idOf(m));
            ps.setString(2, code);
            ps.setString(3, reason == null ? "" : reason);
            ps.executeUpdate();
        }
    }

    /**
     * Rows waiting: counted exactly up to {@value #COUNT_UP_TO}, beyond that estimated from the
     * smallest and largest id (two index probes) so a large backlog costs nothing to report.
     */
    long lag(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM (SELECT 1 FROM " + table + " LIMIT " + (COUNT_UP_TO + 1) + ") s");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            if (n <= COUNT_UP_TO) {
                return n;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT max(id) - min(id) + 1 FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return Math.max(COUNT_UP_TO, rs.getLong(1));
        }
    }

    static long idOf(IngestMessage m) {
        String p = m.position();
        return Long.parseLong(p.substring(0, p.indexOf('@')));
    }
}
