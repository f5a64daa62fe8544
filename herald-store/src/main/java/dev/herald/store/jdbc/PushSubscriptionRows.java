package dev.herald.store.jdbc;

import dev.herald.core.push.PushSubscription;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The push_subscriptions table (V7): saves go through the writer, lists through the readers. */
final class PushSubscriptionRows {
    private static final String UPSERT = "INSERT INTO push_subscriptions (endpoint, user_id, p256dh, auth, created_at)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id,"
            + " p256dh = excluded.p256dh, auth = excluded.auth, created_at = excluded.created_at";
    private static final String OF_USER = "SELECT endpoint, user_id, p256dh, auth, created_at FROM push_subscriptions"
            + " WHERE user_id = ? ORDER BY created_at, endpoint";
    private static final String DELETE_OWN = "DELETE FROM push_subscriptions WHERE user_id = ? AND endpoint = ?";
    private static final String DELETE = "DELETE FROM push_subscriptions WHERE endpoint = ?";
    private static final String ANY = "SELECT 1 FROM push_subscriptions LIMIT 1";
    /**
     * Users per {@code IN (...)} of {@link #ofUsers}: under SQLite's smallest variable limit (999 before
     * 3.32), and one statement text per chunk size is few enough for the statement caches.
     */
    static final int USERS_PER_QUERY = 500;

    private PushSubscriptionRows() {
    }

    /** Upserts, then removes the user's oldest past the cap, in the writer's transaction. */
    static WriteOp<PushSubscription> save(PushSubscription s, int maxPerUser) {
        return tx -> {
            Connection c = tx.connection();
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                ps.setString(1, s.endpoint());
                ps.setString(2, s.userId());
                ps.setString(3, s.p256dh());
                ps.setString(4, s.auth());
                ps.setLong(5, s.createdAtMillis());
                ps.executeUpdate();
            }
            List<PushSubscription> mine = ofUser(c, s.userId());
            // Ties in time: never evict the one just saved (it may sort before an older equal time).
            int excess = mine.size() - maxPerUser;
            for (PushSubscription old : mine) {
                if (excess <= 0) {
                    break;
                }
                if (!old.endpoint().equals(s.endpoint())) {
                    delete(c, old.endpoint());
                    excess--;
                }
            }
            return s;
        };
    }

    static WriteOp<Boolean> deleteOwn(String userId, String endpoint) {
        return tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement(DELETE_OWN)) {
                ps.setString(1, userId);
                ps.setString(2, endpoint);
                return ps.executeUpdate() > 0;
            }
        };
    }

    static WriteOp<Boolean> forget(String endpoint) {
        return tx -> delete(tx.connection(), endpoint);
    }

    private static boolean delete(Connection c, String endpoint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE)) {
            ps.setString(1, endpoint);
            return ps.executeUpdate() > 0;
        }
    }

    static boolean any(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ANY); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** The subscriptions of the users who have any, oldest first each; one query per {@link #USERS_PER_QUERY} users. */
    static Map<String, List<PushSubscription>> ofUsers(Connection c, List<String> userIds) throws SQLException {
        Map<String, List<PushSubscription>> out = new HashMap<>();
        List<String> distinct = userIds.stream().distinct().toList();
        for (int from = 0; from < distinct.size(); from += USERS_PER_QUERY) {
            List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + USERS_PER_QUERY));
            String sql = "SELECT endpoint, user_id, p256dh, auth, created_at FROM push_subscriptions WHERE user_id IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ") ORDER BY user_id, created_at, endpoint";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(row(rs));
                    }
                }
            }
        }
        return out;
    }

    private static PushSubscription row(ResultSet rs) throws SQLException {
        return new PushSubscription(rs.getString(2), rs.getString(1), rs.getString(3), rs.getString(4), rs.getLong(5));
    }

    static List<PushSubscription> ofUser(Connection c, String userId) throws SQLException {
        List<PushSubscription> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(OF_USER)) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }
}
