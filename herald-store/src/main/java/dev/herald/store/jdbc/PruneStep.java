package dev.herald.store.jdbc;

import dev.herald.core.item.ItemKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One bounded slice of retention, run as a writer op. A big prune is many slices, each its own
 * short transaction queued behind whatever publishes arrived meanwhile, so retention never holds
 * the writer (or, on PostgreSQL, the sequence lock) for long.
 */
final class PruneStep implements WriteOp<PruneStep.Result> {
    /** Items per slice: a few milliseconds of deletes on SQLite, one round trip per table on PostgreSQL. */
    static final int SLICE = 1000;

    private static final String EXPIRED = "SELECT seq, kind, audience, category FROM items WHERE expires_at <= ?"
            + " ORDER BY expires_at LIMIT ?";
    private static final String[] DELETES = {
            "DELETE FROM recipients WHERE seq = ?",
            "DELETE FROM inbox_marks WHERE seq = ?",
            "DELETE FROM items WHERE seq = ?",
    };
    private static final String HORIZON = "UPDATE log_state SET horizon = ? WHERE id = 1 AND horizon < ?";
    private static final String KEYS = "DELETE FROM idempotency_keys WHERE scoped_key IN"
            + " (SELECT scoped_key FROM idempotency_keys WHERE expires_at <= ? LIMIT ?)";
    /*
     * Closed digests (V9): unbounded, since there are at most as many as digest notifications
     * published in the minute or so since the last prune, one small row each.
     */
    private static final String CLOSED_DIGESTS = "DELETE FROM open_digests WHERE window_end <= ?";

    /** What one slice removed, and whether another slice has work. */
    record Result(int removed, boolean more) {
    }

    private final long now;

    PruneStep(long now) {
        this.now = now;
    }

    @Override
    public Result apply(WriteTx tx) throws SQLException {
        Connection c = tx.connection();
        List<Long> seqs = new ArrayList<>();
        List<CountSnapshots.Removed> notifications = new ArrayList<>();
        int notification = ItemRow.kindCode(ItemKind.NOTIFICATION);
        try (PreparedStatement ps = c.prepareStatement(EXPIRED)) {
            ps.setLong(1, now);
            ps.setInt(2, SLICE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                    if (rs.getInt(2) == notification) {
                        notifications.add(new CountSnapshots.Removed(rs.getLong(1), rs.getInt(3), rs.getString(4)));
                    }
                }
            }
        }
        if (!seqs.isEmpty()) {
            // Count snapshots hold what is present, expired or not: out with it before its rows go.
            if (!notifications.isEmpty()) {
                CountSnapshots.itemsRemoved(c, notifications);
            }
            for (String sql : DELETES) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (long seq : seqs) {
                        ps.setLong(1, seq);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            // Items expire out of sequence order (a week-long notification outlives a 5-minute event
            // published after it), so the horizon is the highest number ever removed.
            long highest = seqs.stream().mapToLong(Long::longValue).max().orElseThrow();
            try (PreparedStatement ps = c.prepareStatement(HORIZON)) {
                ps.setLong(1, highest);
                ps.setLong(2, highest);
                ps.executeUpdate();
            }
            if (seqs.size() == SLICE) {
                return new Result(seqs.size(), true);
            }
        }
        int keys;
        try (PreparedStatement ps = c.prepareStatement(KEYS)) {
            ps.setLong(1, now);
            ps.setInt(2, SLICE);
            keys = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(CLOSED_DIGESTS)) {
            ps.setLong(1, now);
            ps.executeUpdate();
        }
        return new Result(seqs.size(), keys == SLICE);
    }
}
