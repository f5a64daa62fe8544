package dev.herald.store.jdbc;

import dev.herald.core.inbox.InboxBulk;
import dev.herald.core.inbox.InboxBulk.Action;
import dev.herald.core.inbox.InboxBulkChange;
import dev.herald.core.inbox.InboxCounts;
import dev.herald.core.inbox.SyncItems;
import dev.herald.core.item.EventId;
import dev.herald.store.jdbc.InboxQueries.Found;
import dev.herald.store.jdbc.InboxQueries.UserState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A bulk inbox change as one writer op: every notification it covers changes in the same
 * transaction as the one {@code notifications.bulk} sync item that reports it, so it is all or
 * nothing. Each notification changes exactly as its single change would (the same upserts), so a
 * broadcast gets its mark row only when this user's state of it changes; read on everything
 * unarchived moves the read-through mark instead, like read all ({@link #readThrough}).
 *
 * <p>"All" walks the log newest first in windows of {@link #WINDOW} sequence numbers, each reading
 * the user's candidates in that range alone (three index range scans), and writes each window's
 * marks before reading the next: memory per call stays bounded, and the whole walk costs about one
 * pass over the user's inbox. (Paging with a cursor and LIMIT instead made every step gather all
 * the user's candidates below the cursor again: 45 s for 100,000 notifications on SQLite.)
 */
final class InboxBulkWrite {
    /** Sequence numbers per walk step: at most this many rows are read, and marks queued, per step. */
    private static final long WINDOW = 5_000;

    /** The user's candidate seqs in [?, ?): UNION also drops duplicate list rows. */
    private static final String IN_RANGE = "SELECT seq FROM items WHERE user_id = ? AND seq >= ? AND seq < ?"
            + " UNION SELECT seq FROM recipients WHERE user_id = ? AND seq >= ? AND seq < ?"
            + " UNION SELECT seq FROM items WHERE audience = 2 AND seq >= ? AND seq < ?";
    private static final String WALK = "SELECT i.seq, i.category, m.read_at, m.seen_at, m.archived_at FROM ("
            + IN_RANGE + ") c JOIN items i ON i.seq = c.seq"
            + " LEFT JOIN inbox_marks m ON m.user_id = ? AND m.seq = i.seq"
            + " WHERE i.kind = 0 AND i.expires_at > ? AND (m.deleted IS NULL OR m.deleted = 0)";
    private static final String LOWEST = "SELECT MIN(seq) FROM items";
    /** Archived notifications that a new read-through mark up to ? would read: kept unread on their own row. */
    private static final String KEEP_ARCHIVED_UNREAD = "UPDATE inbox_marks SET read_at = " + InboxQueries.MARKED_UNREAD
            + " WHERE user_id = ? AND archived_at > 0 AND deleted = 0 AND read_at = 0 AND seq > ? AND seq <= ?";
    /** Unarchived notifications marked unread are read by the new read-through mark. */
    private static final String CLEAR_UNARCHIVED_UNREAD = "UPDATE inbox_marks SET read_at = 0"
            + " WHERE user_id = ? AND read_at < 0 AND archived_at = 0";

    private InboxBulkWrite() {
    }

    static WriteOp<InboxBulkChange> bulk(String userId, InboxBulk bulk, long now) {
        return tx -> {
            Connection c = tx.connection();
            UserState state = InboxQueries.user(c, userId);
            int changed;
            List<String> ids = null;
            // Listed ids (at most 100) keep the count snapshot exact one by one, like single changes;
            // a change of "all" or of the read-through mark drops it, to be rebuilt below.
            List<Long> counted = new ArrayList<>();
            if (!bulk.all()) {
                CountSnapshots.advance(c, userId, tx.head());
                for (long seq : bulk.seqs()) {
                    if (InboxQueries.find(c, userId, seq, now) != null) {
                        CountSnapshots.removing(c, userId, seq);
                        counted.add(seq);
                    }
                }
            }
            if (bulk.isReadOfEverythingUnarchived()) {
                changed = readThrough(c, userId, state, now, tx.head());
                state = InboxQueries.user(c, userId);
            } else {
                try (Marks marks = new Marks(c, userId, bulk.action(), now)) {
                    if (bulk.all()) {
                        changed = all(c, userId, state, bulk, now, tx.head(), marks);
                    } else {
                        changed = listed(c, userId, state, bulk.seqs(), now, marks);
                        ids = new ArrayList<>();
                        for (long seq : bulk.seqs()) {
                            ids.add(EventId.format(tx.epoch(), seq));
                        }
                    }
                    marks.flush();
                }
            }
            if (bulk.all()) {
                CountSnapshots.forget(c, userId);
            } else {
                for (long seq : counted) {
                    CountSnapshots.added(c, userId, seq);
                }
            }
            InboxCounts counts = CountSnapshots.current(tx, userId, now);
            return new InboxBulkChange(changed, tx.append(SyncItems.bulk(userId, bulk, ids, changed, counts, now,
                    InboxWrites.retention(tx))), counts.all().unread(), counts.all().unseen());
        };
    }

    /**
     * {@link InboxBulk#isReadOfEverythingUnarchived()}: moves the user's read-through mark (one row,
     * however many broadcasts it covers) instead of writing a mark per notification; unread archived
     * notifications are kept unread on their own rows (archiving gave them one). Returns how many it
     * read: every unarchived unread one, which is the unread count before.
     */
    private static int readThrough(Connection c, String userId, UserState state, long now, long through)
            throws SQLException {
        int changed = InboxQueries.unread(c, userId, state, now);
        try (PreparedStatement ps = c.prepareStatement(KEEP_ARCHIVED_UNREAD)) {
            ps.setString(1, userId);
            ps.setLong(2, state.readThroughSeq());
            ps.setLong(3, through);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(InboxWrites.READ_THROUGH)) {
            ps.setString(1, userId);
            ps.setLong(2, through);
            ps.setLong(3, now);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(CLEAR_UNARCHIVED_UNREAD)) {
            ps.setString(1, userId);
            ps.executeUpdate();
        }
        return changed;
    }

    /** The listed ids: each one not in the user's inbox (whoever's it is) is skipped like a missing one. */
    private static int listed(Connection c, String userId, UserState state, List<Long> seqs, long now,
                              Marks marks) throws SQLException {
        int changed = 0;
        for (long seq : seqs) {
            Found found = InboxQueries.find(c, userId, seq, now);
            if (found != null && marks.change(seq, state.readAt(seq, found.individualReadAt()),
                    state.seenAt(seq, found.individualReadAt(), found.individualSeenAt()), found.archivedAt())) {
                changed++;
            }
        }
        return changed;
    }

    /** Every notification of the inbox that passes the filter (archived and category in SQL, read in Java). */
    private static int all(Connection c, String userId, UserState state, InboxBulk bulk, long now, long head,
                           Marks marks) throws SQLException {
        InboxBulk.Filter filter = bulk.filter();
        String sql = WALK + (filter.archivedFor(bulk.action()) ? " AND m.archived_at > 0"
                : " AND (m.archived_at IS NULL OR m.archived_at = 0)")
                + (filter.category() != null ? " AND i.category = ?" : "");
        long lowest = lowest(c);
        int changed = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (long to = head + 1; to > lowest; to -= WINDOW) {
                long from = Math.max(lowest, to - WINDOW);
                int i = 0;
                for (int source = 0; source < 3; source++) {
                    if (source < 2) {
                        ps.setString(++i, userId);
                    }
                    ps.setLong(++i, from);
                    ps.setLong(++i, to);
                }
                ps.setString(++i, userId);
                ps.setLong(++i, now);
                if (filter.category() != null) {
                    ps.setString(++i, filter.category());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong(1);
                        long readAt = state.readAt(seq, rs.getLong(3));
                        long archivedAt = rs.getLong(5);
                        if (filter.matches(bulk.action(), rs.getString(2), readAt, archivedAt)
                                && marks.change(seq, readAt, state.seenAt(seq, rs.getLong(3), rs.getLong(4)), archivedAt)) {
                            changed++;
                        }
                    }
                }
                // Written before the next step reads (it reads other seqs): the memory stays bounded.
                marks.flush();
            }
        }
        return changed;
    }

    /** The lowest sequence number still in the log (nothing below it is in any inbox). */
    private static long lowest(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOWEST); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** The upserts of one action, batched until {@link #flush}. */
    private static final class Marks implements AutoCloseable {
        private final PreparedStatement ps;
        private final String userId;
        private final Action action;
        private final long now;
        private int queued;

        Marks(Connection c, String userId, Action action, long now) throws SQLException {
            this.ps = c.prepareStatement(switch (action) {
                case SEEN -> InboxWrites.MARK_SEEN;
                case READ -> InboxWrites.MARK_READ;
                case UNREAD -> InboxWrites.MARK_UNREAD;
                case ARCHIVE, UNARCHIVE -> InboxWrites.MARK_ARCHIVED;
                case DELETE -> InboxWrites.MARK_DELETED;
            });
            this.userId = userId;
            this.action = action;
            this.now = now;
        }

        /** Queues the change of one notification in this effective state; false when it would change nothing. */
        boolean change(long seq, long readAt, long seenAt, long archivedAt) throws SQLException {
            if (!action.changes(readAt, seenAt, archivedAt)) {
                return false;
            }
            // The same values as the single changes in InboxWrites pass.
            ps.setString(1, userId);
            ps.setLong(2, seq);
            ps.setLong(3, switch (action) {
                case READ -> now;
                case UNREAD -> InboxQueries.MARKED_UNREAD;
                default -> 0;
            });
            ps.setInt(4, action == Action.DELETE ? 1 : 0);
            // Unread keeps it seen: at the latest when it was read.
            ps.setLong(5, action == Action.SEEN ? now : action == Action.UNREAD ? readAt : 0);
            ps.setLong(6, action == Action.ARCHIVE ? now : 0);
            // Executed by flush() only, never while a walk step's rows are still being read.
            ps.addBatch();
            queued++;
            return true;
        }

        void flush() throws SQLException {
            if (queued > 0) {
                ps.executeBatch();
                queued = 0;
            }
        }

        @Override
        public void close() throws SQLException {
            ps.close();
        }
    }
}
