package dev.herald.store.jdbc;

import dev.herald.core.inbox.InboxCounts;
import dev.herald.core.item.ItemKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-user count snapshots (table {@code inbox_counts}, position {@code inbox_users.counts_seq}),
 * so that counts cost O(what changed since the snapshot) instead of O(inbox).
 *
 * <p>A user's snapshot rows hold, per category ({@code ''} for none), the sum of f(n) over the
 * user's notifications n with {@code seq <= counts_seq} that are still in {@code items}, expired or
 * not; f(n) is (unread?, unseen?, 1) by the user's current state, (0, 0, 0) when they deleted or
 * archived n. Keeping "present" rather than "unexpired" in the snapshot makes it independent of the
 * clock: only writer ops change it (every inbox change, "read all", retention, publisher retraction
 * and recategorization), and all writer ops run under one global lock, across nodes too, so it has
 * no write-write races. A read then is: snapshot − f of what is present but expired (few: retention
 * removes them within a minute) + f of the unexpired notifications newer than {@code counts_seq}.
 *
 * <p>Every method here runs on a connection inside a transaction: the writer's for the ones that
 * change anything, any read transaction for {@link #read}.
 */
final class CountSnapshots {
    /** counts_seq of a user without a snapshot. */
    static final long NONE = -1;
    /** Rows walked past the snapshot from which on a read asks the writer to fold them in. */
    static final int FOLD_AFTER = 1000;

    /** f's parts for item i, mark m (left-joined, so nullable) and read-through mark {@code through}. */
    private static String live() {
        return "COALESCE(m.deleted, 0) = 0 AND COALESCE(m.archived_at, 0) = 0";
    }

    private static String unread(String through) {
        return live() + " AND (COALESCE(m.read_at, 0) < 0 OR (COALESCE(m.read_at, 0) = 0 AND i.seq > " + through + "))";
    }

    private static String unseen(String through) {
        return unread(through) + " AND COALESCE(m.seen_at, 0) = 0";
    }

    private static String oneIf(String condition) {
        return "CASE WHEN " + condition + " THEN 1 ELSE 0 END";
    }

    private static final String ADD = " ON CONFLICT (user_id, category) DO UPDATE SET"
            + " unread = inbox_counts.unread + excluded.unread, unseen = inbox_counts.unseen + excluded.unseen,"
            + " total = inbox_counts.total + excluded.total";

    /*
     * Adds sign × f(n) of one notification to the snapshot of each covering user among a set:
     * parameters (category, sign, sign, sign, seq[, userId]). Users whose f is (0, 0, 0) get no row
     * written, so a user's row for a category exists whenever their contribution to it is not zero.
     */
    private static String applySql(String users) {
        return "INSERT INTO inbox_counts (user_id, category, unread, unseen, total)"
                + " SELECT u.user_id, ?, ? * " + oneIf(unread("u.read_through_seq")) + ", ? * "
                + oneIf(unseen("u.read_through_seq")) + ", ?"
                + " FROM items i JOIN inbox_users u ON u.counts_seq >= i.seq"
                + " LEFT JOIN inbox_marks m ON m.user_id = u.user_id AND m.seq = i.seq"
                + " WHERE i.seq = ? AND i.kind = 0 AND " + live() + " AND " + users + ADD;
    }

    private static final String APPLY_ONE_USER = applySql("u.user_id = ?");
    private static final String APPLY_DIRECT = applySql("u.user_id = i.user_id");
    private static final String APPLY_LIST = applySql("u.user_id IN (SELECT r.user_id FROM recipients r WHERE r.seq = i.seq)");
    private static final String APPLY_BROADCAST = applySql("i.audience = 2");

    private static final String ITEM = "SELECT kind, audience, category FROM items WHERE seq = ?";
    private static final String COUNTS_SEQ = "SELECT counts_seq, read_through_seq FROM inbox_users WHERE user_id = ?";
    private static final String SET_COUNTS_SEQ = "INSERT INTO inbox_users"
            + " (user_id, read_through_seq, read_through_at, muted_types, counts_seq) VALUES (?, 0, 0, '[]', ?)"
            + " ON CONFLICT (user_id) DO UPDATE SET counts_seq = excluded.counts_seq";
    private static final String FORGET_ROWS = "DELETE FROM inbox_counts WHERE user_id = ?";
    private static final String FORGET_SEQ = "UPDATE inbox_users SET counts_seq = " + NONE + " WHERE user_id = ?";
    private static final String ALL_READ = "UPDATE inbox_counts SET unread = 0, unseen = 0 WHERE user_id = ?";

    /** The user's candidate seqs in (? , ?]: direct, list and broadcast; UNION drops duplicate list rows. */
    private static final String BETWEEN = "SELECT seq FROM items WHERE user_id = ? AND seq > ? AND seq <= ?"
            + " UNION SELECT seq FROM recipients WHERE user_id = ? AND seq > ? AND seq <= ?"
            + " UNION SELECT seq FROM items WHERE audience = 2 AND seq > ? AND seq <= ?";

    /** Adds f of the user's present notifications in (from, to] to their rows: parameters userId, through, BETWEEN's. */
    private static final String FOLD = "INSERT INTO inbox_counts (user_id, category, unread, unseen, total)"
            + " SELECT ?, COALESCE(i.category, ''), SUM(" + oneIf(unread("?")) + "), SUM(" + oneIf(unseen("?")) + "),"
            + " COUNT(*) FROM (" + BETWEEN + ") c JOIN items i ON i.seq = c.seq"
            + " LEFT JOIN inbox_marks m ON m.user_id = ? AND m.seq = i.seq"
            + " WHERE i.kind = 0 AND " + live() + " GROUP BY COALESCE(i.category, '')" + ADD;

    /*
     * The read, one statement so its parts agree with each other whatever commits meanwhile (one
     * snapshot on PostgreSQL under READ COMMITTED as on SQLite). Rows: (part, category, unread,
     * unseen, total, rows) with part 0 the snapshot, 1 what is present but expired under it (to
     * subtract), 2 what is newer than it (rows = how many were walked, whatever they are), 3 one row
     * whose unread column is counts_seq.
     */
    private static final String STATE = "WITH st AS (SELECT COALESCE(MAX(counts_seq), " + NONE + ") AS cs,"
            + " COALESCE(MAX(read_through_seq), 0) AS through FROM inbox_users WHERE user_id = ?)";
    /*
     * What expired under the snapshot, found by expiry (few rows: retention removes them within a
     * minute). The unary plus keeps SQLite's planner off the seq indexes, which match the whole inbox
     * under the snapshot (PostgreSQL reads it as the same number); UNION ALL (the three parts are
     * disjoint, DISTINCT drops a user listed twice) keeps it from walking broadcasts in seq order.
     */
    private static final String EXPIRED_UNDER = "SELECT seq FROM items WHERE user_id = ? AND expires_at <= ?"
            + " AND +seq <= (SELECT cs FROM st)"
            + " UNION ALL SELECT DISTINCT seq FROM recipients WHERE user_id = ? AND expires_at <= ?"
            + " AND +seq <= (SELECT cs FROM st)"
            + " UNION ALL SELECT seq FROM items WHERE audience = 2 AND expires_at <= ? AND +seq <= (SELECT cs FROM st)";
    private static final String NEWER = "SELECT seq FROM items WHERE user_id = ? AND seq > (SELECT cs FROM st)"
            + " UNION SELECT seq FROM recipients WHERE user_id = ? AND seq > (SELECT cs FROM st)"
            + " UNION SELECT seq FROM items WHERE audience = 2 AND seq > (SELECT cs FROM st)";
    private static final String READ = STATE
            + " SELECT 0, k.category, k.unread, k.unseen, k.total, 0 FROM inbox_counts k CROSS JOIN st"
            + " WHERE k.user_id = ? AND st.cs >= 0"
            + " UNION ALL SELECT 1, COALESCE(i.category, ''), SUM(" + oneIf(unread("st.through")) + "),"
            + " SUM(" + oneIf(unseen("st.through")) + "), COUNT(*), COUNT(*)"
            + " FROM (" + EXPIRED_UNDER + ") c JOIN items i ON i.seq = c.seq CROSS JOIN st"
            + " LEFT JOIN inbox_marks m ON m.user_id = ? AND m.seq = i.seq"
            + " WHERE i.kind = 0 AND " + live() + " GROUP BY COALESCE(i.category, '')"
            + " UNION ALL SELECT 2, COALESCE(i.category, ''),"
            + " SUM(" + oneIf("i.kind = 0 AND i.expires_at > ? AND " + unread("st.through")) + "),"
            + " SUM(" + oneIf("i.kind = 0 AND i.expires_at > ? AND " + unseen("st.through")) + "),"
            + " SUM(" + oneIf("i.kind = 0 AND i.expires_at > ? AND " + live()) + "), COUNT(*)"
            + " FROM (" + NEWER + ") c JOIN items i ON i.seq = c.seq CROSS JOIN st"
            + " LEFT JOIN inbox_marks m ON m.user_id = ? AND m.seq = i.seq GROUP BY COALESCE(i.category, '')"
            + " UNION ALL SELECT 3, '', cs, 0, 0, 0 FROM st";

    /**
     * A user's counts as of {@code now}, the position of their snapshot ({@link #NONE} if they have
     * none: the counts were then recounted in full) and how many rows past it the read walked.
     */
    record Read(InboxCounts counts, long countsSeq, long newerRows) {
        /** Whether the writer should build or advance the snapshot so the next read is cheap again. */
        boolean wantsAdvance() {
            return countsSeq == NONE || newerRows >= FOLD_AFTER;
        }
    }

    /** A notification as snapshot maintenance needs it: retention's slices, a retraction, a change. */
    record Removed(long seq, int audience, String category) {
    }

    private CountSnapshots() {
    }

    /**
     * Call BEFORE a notification's item row, recipients and marks are deleted or hidden: subtracts
     * its contribution from every snapshot that covers it. Anything else than a notification, or a
     * seq not in items, changes nothing.
     */
    static void itemRemoved(Connection c, long seq) throws SQLException {
        Removed removed = notificationAt(c, seq);
        if (removed != null) {
            itemsRemoved(c, List.of(removed));
        }
    }

    /** {@link #itemRemoved} for many notifications, one batch per audience (retention's slices). */
    static void itemsRemoved(Connection c, List<Removed> removed) throws SQLException {
        for (int audience : new int[]{ItemRow.USER, ItemRow.LIST, ItemRow.EVERYONE}) {
            List<Removed> these = removed.stream().filter(r -> r.audience() == audience).toList();
            if (these.isEmpty()) {
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement(applyTo(audience))) {
                for (Removed r : these) {
                    bindApply(ps, r.category(), -1, r.seq());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** The statement that applies a notification to every covering snapshot among its audience. */
    private static String applyTo(int audience) {
        return audience == ItemRow.USER ? APPLY_DIRECT : audience == ItemRow.LIST ? APPLY_LIST : APPLY_BROADCAST;
    }

    /**
     * Moves a notification's contribution from one category row to another in every snapshot that
     * covers it (null = no category). Call with its recipients' marks as they are (before or after
     * the item row's own category changes: only the parameters say which rows).
     */
    static void itemRecategorized(Connection c, long seq, String oldCategory, String newCategory) throws SQLException {
        String from = oldCategory == null ? "" : oldCategory;
        String to = newCategory == null ? "" : newCategory;
        Removed item = notificationAt(c, seq);
        if (item == null || from.equals(to)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(applyTo(item.audience()))) {
            bindApply(ps, from, -1, seq);
            ps.executeUpdate();
            bindApply(ps, to, 1, seq);
            ps.executeUpdate();
        }
    }

    /** Drops the user's snapshot (rows, and counts_seq = −1) so the next read rebuilds it. */
    static void forget(Connection c, String userId) throws SQLException {
        for (String sql : new String[]{FORGET_ROWS, FORGET_SEQ}) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, userId);
                ps.executeUpdate();
            }
        }
    }

    /**
     * Brings the user's snapshot up to {@code head} (the writer transaction's head): builds it when
     * there is none (O(inbox), once), otherwise adds what is newer than it (O(new)). Writer ops only.
     */
    static void advance(Connection c, String userId, long head) throws SQLException {
        long countsSeq = NONE;
        long through = 0;
        try (PreparedStatement ps = c.prepareStatement(COUNTS_SEQ)) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    countsSeq = rs.getLong(1);
                    through = rs.getLong(2);
                }
            }
        }
        if (countsSeq >= head) {
            return;
        }
        if (countsSeq == NONE) {
            forget(c, userId);
            countsSeq = 0;
        }
        try (PreparedStatement ps = c.prepareStatement(FOLD)) {
            int i = 0;
            ps.setString(++i, userId);
            ps.setLong(++i, through);
            ps.setLong(++i, through);
            for (int part = 0; part < 2; part++) {
                ps.setString(++i, userId);
                ps.setLong(++i, countsSeq);
                ps.setLong(++i, head);
            }
            ps.setLong(++i, countsSeq);
            ps.setLong(++i, head);
            ps.setString(++i, userId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(SET_COUNTS_SEQ)) {
            ps.setString(1, userId);
            ps.setLong(2, head);
            ps.executeUpdate();
        }
    }

    /** A writer op that only advances the user's snapshot (submitted by reads that found it missing or behind). */
    static WriteOp<Void> advanceOp(String userId) {
        return tx -> {
            advance(tx.connection(), userId, tx.head());
            return null;
        };
    }

    /**
     * Subtracts one notification's contribution from the user's snapshot if it covers it; with
     * {@link #added} after the change, keeps the snapshot exact across any change of its state.
     */
    static void removing(Connection c, String userId, long seq) throws SQLException {
        applyOne(c, userId, seq, -1);
    }

    /** Adds one notification's contribution (its state now) to the user's snapshot if it covers it. */
    static void added(Connection c, String userId, long seq) throws SQLException {
        applyOne(c, userId, seq, 1);
    }

    private static void applyOne(Connection c, String userId, long seq, int sign) throws SQLException {
        Removed item = notificationAt(c, seq);
        if (item == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(APPLY_ONE_USER)) {
            int i = bindApply(ps, item.category(), sign, seq);
            ps.setString(++i, userId);
            ps.executeUpdate();
        }
    }

    /**
     * After "read all" up to the transaction's head (call {@link #advance} to that head first): every
     * notification the snapshot covers is read, so seen too.
     */
    static void allRead(Connection c, String userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ALL_READ)) {
            ps.setString(1, userId);
            ps.executeUpdate();
        }
    }

    /** The counts inside a writer op, after advancing the snapshot to the transaction's head. */
    static InboxCounts current(WriteTx tx, String userId, long now) throws SQLException {
        Connection c = tx.connection();
        advance(c, userId, tx.head());
        return read(c, userId, now).counts();
    }

    /** The user's counts as of {@code now}, in one statement. */
    static Read read(Connection c, String userId, long now) throws SQLException {
        Map<String, long[]> sums = new HashMap<>();
        long countsSeq = NONE;
        long newerRows = 0;
        try (PreparedStatement ps = c.prepareStatement(READ)) {
            int i = 0;
            ps.setString(++i, userId);
            ps.setString(++i, userId);
            ps.setString(++i, userId);
            ps.setLong(++i, now);
            ps.setString(++i, userId);
            ps.setLong(++i, now);
            ps.setLong(++i, now);
            ps.setString(++i, userId);
            ps.setLong(++i, now);
            ps.setLong(++i, now);
            ps.setLong(++i, now);
            ps.setString(++i, userId);
            ps.setString(++i, userId);
            ps.setString(++i, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int part = rs.getInt(1);
                    if (part == 3) {
                        countsSeq = rs.getLong(3);
                        continue;
                    }
                    int sign = part == 1 ? -1 : 1;
                    long[] sum = sums.computeIfAbsent(rs.getString(2), k -> new long[3]);
                    sum[0] += sign * rs.getLong(3);
                    sum[1] += sign * rs.getLong(4);
                    sum[2] += sign * rs.getLong(5);
                    if (part == 2) {
                        newerRows += rs.getLong(6);
                    }
                }
            }
        }
        Map<String, InboxCounts.Counts> byCategory = new HashMap<>();
        InboxCounts.Counts none = InboxCounts.Counts.NONE;
        for (Map.Entry<String, long[]> e : sums.entrySet()) {
            long[] s = e.getValue();
            if (s[2] <= 0) {
                continue;
            }
            InboxCounts.Counts counts = new InboxCounts.Counts((int) s[0], (int) s[1], (int) s[2]);
            if (e.getKey().isEmpty()) {
                none = counts;
            } else {
                byCategory.put(e.getKey(), counts);
            }
        }
        return new Read(InboxCounts.of(byCategory, none), countsSeq, newerRows);
    }

    private static int bindApply(PreparedStatement ps, String category, int sign, long seq) throws SQLException {
        ps.setString(1, category == null ? "" : category);
        ps.setInt(2, sign);
        ps.setInt(3, sign);
        ps.setInt(4, sign);
        ps.setLong(5, seq);
        return 5;
    }

    /** The notification at {@code seq} (audience and category), or null if items holds no notification there. */
    private static Removed notificationAt(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ITEM)) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getInt(1) != ItemRow.kindCode(ItemKind.NOTIFICATION)) {
                    return null;
                }
                return new Removed(seq, rs.getInt(2), rs.getString(3));
            }
        }
    }
}
