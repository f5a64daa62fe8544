package dev.herald.store.jdbc;

import dev.herald.core.inbox.InboxChange;
import dev.herald.core.inbox.Muted;
import dev.herald.core.inbox.SyncItems;
import dev.herald.core.item.EventId;
import dev.herald.core.item.NewItem;
import dev.herald.store.jdbc.InboxQueries.Found;
import dev.herald.store.jdbc.InboxQueries.UserState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Inbox changes as writer ops. Each runs inside the group-commit transaction: the change, the
 * unread count after it, and the sync item carrying that count commit together, and since the
 * writer applies ops in log order, the counts tabs see follow the order of the changes.
 */
final class InboxWrites {
    private static final String MARK = "INSERT INTO inbox_marks (user_id, seq, read_at, deleted) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (user_id, seq) DO UPDATE SET read_at = excluded.read_at, deleted = excluded.deleted";
    private static final String READ_THROUGH = "INSERT INTO inbox_users"
            + " (user_id, read_through_seq, read_through_at, muted_types) VALUES (?, ?, ?, '[]')"
            + " ON CONFLICT (user_id) DO UPDATE SET read_through_seq = excluded.read_through_seq,"
            + " read_through_at = excluded.read_through_at";
    private static final String MUTED = "INSERT INTO inbox_users"
            + " (user_id, read_through_seq, read_through_at, muted_types, muted_categories) VALUES (?, 0, 0, ?, ?)"
            + " ON CONFLICT (user_id) DO UPDATE SET muted_types = excluded.muted_types,"
            + " muted_categories = excluded.muted_categories";

    private InboxWrites() {
    }

    static WriteOp<InboxChange> markRead(String userId, long seq, long now) {
        return tx -> {
            Connection c = tx.connection();
            Found found = InboxQueries.find(c, userId, seq, now);
            if (found == null) {
                return InboxChange.notFound();
            }
            UserState state = InboxQueries.user(c, userId);
            long readAt = state.readAt(seq, found.individualReadAt());
            if (readAt == 0) {
                // The first read keeps its time; a read covered by "read all" keeps that mark's time.
                readAt = now;
                mark(c, userId, seq, now, false);
            }
            int unread = InboxQueries.unread(c, userId, state, now);
            return change(tx, SyncItems.read(userId, EventId.format(tx.epoch(), seq), readAt, unread, now,
                    retention(tx)), unread);
        };
    }

    static WriteOp<InboxChange> markAllRead(String userId, long now) {
        return tx -> {
            Connection c = tx.connection();
            // Everything up to the head is read as of now: one row however many broadcasts that covers.
            // Individual reads keep their earlier times (they are looked up first).
            long through = tx.head();
            try (PreparedStatement ps = c.prepareStatement(READ_THROUGH)) {
                ps.setString(1, userId);
                ps.setLong(2, through);
                ps.setLong(3, now);
                ps.executeUpdate();
            }
            UserState state = InboxQueries.user(c, userId);
            int unread = InboxQueries.unread(c, userId, state, now);
            return change(tx, SyncItems.read(userId, null, now, unread, now, retention(tx)), unread);
        };
    }

    static WriteOp<InboxChange> delete(String userId, long seq, long now) {
        return tx -> {
            Connection c = tx.connection();
            if (InboxQueries.find(c, userId, seq, now) == null) {
                return InboxChange.notFound();
            }
            mark(c, userId, seq, 0, true);
            int unread = InboxQueries.unread(c, userId, InboxQueries.user(c, userId), now);
            return change(tx, SyncItems.deleted(userId, EventId.format(tx.epoch(), seq), unread, now, retention(tx)),
                    unread);
        };
    }

    /** A null list keeps what is stored (read in the same transaction, so a concurrent change is not lost). */
    static WriteOp<InboxChange> setMuted(String userId, List<String> types, List<String> categories, long now) {
        return tx -> {
            Connection c = tx.connection();
            Muted before = InboxQueries.user(c, userId).muted();
            Muted muted = new Muted(types == null ? before.types() : new LinkedHashSet<>(types),
                    categories == null ? before.categories() : new LinkedHashSet<>(categories));
            try (PreparedStatement ps = c.prepareStatement(MUTED)) {
                ps.setString(1, userId);
                ps.setString(2, InboxQueries.mutedJson(muted.types()));
                ps.setString(3, InboxQueries.mutedJson(muted.categories()));
                ps.executeUpdate();
            }
            int unread = InboxQueries.unread(c, userId, InboxQueries.user(c, userId), now);
            return change(tx, SyncItems.preferences(userId, muted, unread, now, retention(tx)), unread);
        };
    }

    private static void mark(Connection c, String userId, long seq, long readAt, boolean deleted) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(MARK)) {
            ps.setString(1, userId);
            ps.setLong(2, seq);
            ps.setLong(3, readAt);
            ps.setInt(4, deleted ? 1 : 0);
            ps.executeUpdate();
        }
    }

    private static InboxChange change(WriteTx tx, NewItem sync, int unread) throws SQLException {
        return new InboxChange(true, tx.append(sync), unread);
    }

    private static long retention(WriteTx tx) {
        return tx.options().syncRetention().toMillis();
    }
}
