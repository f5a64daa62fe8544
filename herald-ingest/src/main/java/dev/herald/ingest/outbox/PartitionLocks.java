package dev.herald.ingest.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Which partitions this node consumes: one session advisory lock per partition on the consumer's
 * connection, so a partition has one consumer at a time and a dead node's partitions are free the
 * moment PostgreSQL sees its connection close. Each consumer also holds a membership lock, so nodes
 * can count each other in {@code pg_locks} and take no more than a fair share.
 *
 * <p>Keys are two 32-bit numbers: a class for the table (one for partitions, one for members) and the
 * partition's CRC-32. Two partitions with the same CRC share a lock: they are then consumed by the
 * same node, which is harmless. Not thread-safe: the consumer's thread only.
 */
final class PartitionLocks {
    private static final long MEMBERS_TTL_MS = 1_000;

    private final int partitionClass;
    private final int memberClass;
    private final Set<String> owned = new LinkedHashSet<>();
    private int members = 1;
    private long membersAt;

    PartitionLocks(String table) {
        this.partitionClass = intKeyOf("herald-outbox-partition:" + table);
        this.memberClass = intKeyOf("herald-outbox-member:" + table);
    }

    static long keyOf(String s) {
        return Integer.toUnsignedLong(intKeyOf(s));
    }

    static int intKeyOf(String s) {
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    /** On a new connection: the locks of the old one died with it. */
    void joined(Connection c) throws SQLException {
        owned.clear();
        membersAt = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?, pg_backend_pid())")) {
            ps.setInt(1, memberClass);
            ps.executeQuery().close();
        }
    }

    /** After a connection failure: nothing is owned any more (PostgreSQL released it all). */
    void lost() {
        owned.clear();
    }

    Set<String> owned() {
        return owned;
    }

    /** How many partitions this node may hold while {@code pending} have rows: its fair share, at least one. */
    int share(Connection c, int pending) throws SQLException {
        return Math.max(1, (pending + members(c) - 1) / members(c));
    }

    boolean tryLock(Connection c, String partition) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            ps.setInt(1, partitionClass);
            ps.setInt(2, intKeyOf(partition));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    owned.add(partition);
                    return true;
                }
                return false;
            }
        }
    }

    void unlock(Connection c, String partition) throws SQLException {
        if (!owned.remove(partition)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            ps.setInt(1, partitionClass);
            ps.setInt(2, intKeyOf(partition));
            ps.executeQuery().close();
        }
    }

    /** Consumers of this table alive now (their membership locks), read at most once a second. */
    int members(Connection c) throws SQLException {
        long now = System.currentTimeMillis();
        if (now - membersAt >= MEMBERS_TTL_MS) {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND granted AND objsubid = 2 AND classid::bigint = ?"
                    + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
                ps.setLong(1, Integer.toUnsignedLong(memberClass));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    members = Math.max(1, rs.getInt(1));
                }
            }
            membersAt = now;
        }
        return members;
    }
}
