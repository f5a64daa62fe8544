package dev.herald.store.jdbc;

import dev.herald.core.push.PendingPush;
import dev.herald.core.push.PushSubscription;
import dev.herald.core.push.PushUrgency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The push queue (V8). Every change goes through the writer; claims are compare-and-set updates on
 * the lease, so two nodes sharing PostgreSQL never both win a row (the loser's update finds the
 * lease taken once the winner commits) without any dialect-specific locking.
 */
final class PushQueueRows {
    private static final String CURSOR = "SELECT seq FROM push_cursor WHERE id = 1";
    private static final String START_CURSOR = "INSERT INTO push_cursor (id, seq) VALUES (1, ?) ON CONFLICT (id) DO NOTHING";
    private static final String MOVE_CURSOR = "UPDATE push_cursor SET seq = ? WHERE id = 1 AND seq = ?";
    private static final String INSERT = "INSERT INTO pending_pushes (user_id, endpoint, seq, payload, expires_at, urgency,"
            + " topic, attempts, enqueued_at, due_at, claimed_by, claimed_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 0)";
    private static final String DUE = "SELECT p.id, p.user_id, p.endpoint, p.seq, p.payload, p.expires_at, p.urgency,"
            + " p.topic, p.attempts, p.enqueued_at, s.user_id, s.p256dh, s.auth, s.created_at"
            + " FROM pending_pushes p LEFT JOIN push_subscriptions s ON s.endpoint = p.endpoint"
            + " WHERE p.due_at <= ? AND p.claimed_until <= ? ORDER BY p.due_at, p.id LIMIT ?";
    private static final String CLAIM = "UPDATE pending_pushes SET claimed_by = ?, claimed_until = ?"
            + " WHERE id = ? AND claimed_until <= ?";
    private static final String DELETE = "DELETE FROM pending_pushes WHERE id = ?";
    private static final String RETRY = "UPDATE pending_pushes SET attempts = ?, due_at = ?, claimed_by = NULL,"
            + " claimed_until = 0 WHERE id = ?";
    private static final String DEPTH = "SELECT COUNT(*) FROM pending_pushes";

    private PushQueueRows() {
    }

    static long cursor(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CURSOR); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    static long depth(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DEPTH); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static WriteOp<Boolean> enqueue(long from, long to, List<PendingPush> pushes) {
        return tx -> {
            Connection c = tx.connection();
            try (PreparedStatement ps = c.prepareStatement(from < 0 ? START_CURSOR : MOVE_CURSOR)) {
                ps.setLong(1, to);
                if (from >= 0) {
                    ps.setLong(2, from);
                }
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            if (pushes.isEmpty()) {
                return true;
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (PendingPush p : pushes) {
                    ps.setString(1, p.to().userId());
                    ps.setString(2, p.to().endpoint());
                    ps.setLong(3, p.seq());
                    ps.setBytes(4, p.payload());
                    ps.setLong(5, p.expiresAtMillis());
                    ps.setString(6, p.urgency().name());
                    ps.setString(7, p.topic());
                    ps.setInt(8, p.attempts());
                    ps.setLong(9, p.enqueuedAtMillis());
                    ps.setLong(10, p.enqueuedAtMillis());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return true;
        };
    }

    static WriteOp<List<PendingPush>> claim(String owner, long now, long leaseMillis, int limit) {
        return tx -> {
            Connection c = tx.connection();
            List<PendingPush> due = new ArrayList<>();
            List<Long> orphaned = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(DUE)) {
                ps.setLong(1, now);
                ps.setLong(2, now);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String userId = rs.getString(2);
                        // The subscription was deleted, or the endpoint moved to another user: never send.
                        if (!userId.equals(rs.getString(11))) {
                            orphaned.add(rs.getLong(1));
                            continue;
                        }
                        PushSubscription to = new PushSubscription(userId, rs.getString(3), rs.getString(12),
                                rs.getString(13), rs.getLong(14));
                        due.add(new PendingPush(rs.getLong(1), to, rs.getLong(4), rs.getBytes(5), rs.getLong(6),
                                PushUrgency.valueOf(rs.getString(7)), rs.getString(8), rs.getInt(9), rs.getLong(10)));
                    }
                }
            }
            for (long id : orphaned) {
                delete(c, id);
            }
            List<PendingPush> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
                for (PendingPush p : due) {
                    ps.setString(1, owner);
                    ps.setLong(2, now + leaseMillis);
                    ps.setLong(3, p.id());
                    ps.setLong(4, now);
                    if (ps.executeUpdate() == 1) {
                        claimed.add(p);
                    }
                }
            }
            return claimed;
        };
    }

    static WriteOp<Void> finish(long id) {
        return tx -> {
            delete(tx.connection(), id);
            return null;
        };
    }

    static WriteOp<Void> retry(long id, int attempts, long dueAt) {
        return tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement(RETRY)) {
                ps.setInt(1, attempts);
                ps.setLong(2, dueAt);
                ps.setLong(3, id);
                ps.executeUpdate();
            }
            return null;
        };
    }

    private static void delete(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE)) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }
}
