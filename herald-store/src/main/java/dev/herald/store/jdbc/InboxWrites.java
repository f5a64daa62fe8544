package dev.herald.store.jdbc;

import dev.herald.core.inbox.InboxChange;
import dev.herald.core.inbox.InboxCounts;
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
 * counts after it, and the sync item carrying them commit together, and since the writer applies
 * ops in log order, the counts tabs see follow the order of the changes.
 *
 * <p>Counts come from the user's count snapshot ({@link CountSnapshots}): each op first advances it
 * to the transaction's head (O(what arrived since the user's last change); built once, O(inbox), for
 * a user without one), then keeps it exact across its own change by taking the notification's
 * contribution out before and putting it back after.
 */
final class InboxWrites {
    /*
     * Each change upserts only the columns it owns, so changes to different columns of one mark from
     * two nodes sharing a PostgreSQL database never undo each other.
     */
    private static final String UPSERT = "INSERT INTO inbox_marks (user_id, seq, read_at, deleted, seen_at, archived_at)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, seq) DO UPDATE SET ";
    static final String MARK_READ = UPSERT + "read_at = excluded.read_at";
    static final String MARK_DELETED = UPSERT + "read_at = 0, deleted = 1, seen_at = 0, archived_at = 0";
    static final String MARK_SEEN = UPSERT + "seen_at = excluded.seen_at";
    // Unread keeps a seen time that already exists.
    static final String MARK_UNREAD = UPSERT + "read_at = excluded.read_at,"
            + " seen_at = CASE WHEN inbox_marks.seen_at = 0 THEN excluded.seen_at ELSE inbox_marks.seen_at END";
    static final String MARK_ARCHIVED = UPSERT + "archived_at = excluded.archived_at";
    /*
     * The first action and its time stay: a concurrent act from another node sharing the database
     * cannot replace them either.
     */
    private static final String MARK_ACTED = "INSERT INTO inbox_marks"
            + " (user_id, seq, read_at, deleted, seen_at, archived_at, acted_at, action_id) VALUES (?, ?, 0, 0, 0, 0, ?, ?)"
            + " ON CONFLICT (user_id, seq) DO UPDATE SET"
            + " action_id = CASE WHEN inbox_marks.acted_at = 0 THEN excluded.action_id ELSE inbox_marks.action_id END,"
            + " acted_at = CASE WHEN inbox_marks.acted_at = 0 THEN excluded.acted_at ELSE inbox_marks.acted_at END";
    private static final String CLEAR_UNREAD = "UPDATE inbox_marks SET read_at = 0 WHERE user_id = ? AND read_at < 0";
    static final String READ_THROUGH = "INSERT INTO inbox_users"
            + " (user_id, read_through_seq, read_through_at, muted_types) VALUES (?, ?, ?, '[]')"
            + " ON CONFLICT (user_id) DO UPDATE SET read_through_seq = excluded.read_through_seq,"
            + " read_through_at = excluded.read_through_at";
    private static final String MUTED = "INSERT INTO inbox_users"
            + " (user_id, read_through_seq, read_through_at, muted_types, muted_categories, push_enabled)"
            + " VALUES (?, 0, 0, ?, ?, ?)"
            + " ON CONFLICT (user_id) DO UPDATE SET muted_types = excluded.muted_types,"
            + " muted_categories = excluded.muted_categories, push_enabled = excluded.push_enabled";

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
                CountSnapshots.advance(c, userId, tx.head());
                CountSnapshots.removing(c, userId, seq);
                mark(c, MARK_READ, userId, seq, now, 0, 0, 0);
                CountSnapshots.added(c, userId, seq);
            }
            InboxCounts counts = CountSnapshots.current(tx, userId, now);
            return change(tx, SyncItems.read(userId, EventId.format(tx.epoch(), seq), readAt, counts, now,
                    retention(tx)), counts);
        };
    }

    static WriteOp<InboxChange> markAllRead(String userId, long now) {
        return tx -> {
            Connection c = tx.connection();
            // Everything up to the head is read as of now: one row however many broadcasts that covers.
            // Individual reads keep their earlier times (they are looked up first).
            long through = tx.head();
            // The snapshot then covers exactly what the mark reads: all of it becomes read (and seen).
            CountSnapshots.advance(c, userId, through);
            CountSnapshots.allRead(c, userId);
            try (PreparedStatement ps = c.prepareStatement(READ_THROUGH)) {
                ps.setString(1, userId);
                ps.setLong(2, through);
                ps.setLong(3, now);
                ps.executeUpdate();
            }
            // "Read all" also reads what was marked unread.
            try (PreparedStatement ps = c.prepareStatement(CLEAR_UNREAD)) {
                ps.setString(1, userId);
                ps.executeUpdate();
            }
            InboxCounts counts = CountSnapshots.current(tx, userId, now);
            return change(tx, SyncItems.read(userId, null, now, counts, now, retention(tx)), counts);
        };
    }

    static WriteOp<InboxChange> delete(String userId, long seq, long now) {
        return tx -> {
            Connection c = tx.connection();
            if (InboxQueries.find(c, userId, seq, now) == null) {
                return InboxChange.notFound();
            }
            CountSnapshots.advance(c, userId, tx.head());
            CountSnapshots.removing(c, userId, seq);
            mark(c, MARK_DELETED, userId, seq, 0, 1, 0, 0);
            InboxCounts counts = CountSnapshots.current(tx, userId, now);
            return change(tx, SyncItems.deleted(userId, EventId.format(tx.epoch(), seq), counts, now, retention(tx)),
                    counts);
        };
    }

    /** A null list keeps what is stored (read in the same transaction, so a concurrent change is not lost). */
    static WriteOp<InboxChange> setPreferences(String userId, List<String> types, List<String> categories,
                                               Boolean push, long now) {
        return tx -> {
            Connection c = tx.connection();
            Muted before = InboxQueries.user(c, userId).muted();
            Muted muted = new Muted(types == null ? before.types() : new LinkedHashSet<>(types),
                    categories == null ? before.categories() : new LinkedHashSet<>(categories),
                    push == null ? before.push() : push);
            try (PreparedStatement ps = c.prepareStatement(MUTED)) {
                ps.setString(1, userId);
                ps.setString(2, InboxQueries.mutedJson(muted.types()));
                ps.setString(3, InboxQueries.mutedJson(muted.categories()));
                ps.setInt(4, muted.push() ? 1 : 0);
                ps.executeUpdate();
            }
            // Muting changes what streams deliver, not the inbox: the counts stay, and are sent along.
            InboxCounts counts = CountSnapshots.current(tx, userId, now);
            return change(tx, SyncItems.preferences(userId, muted, counts, now, retention(tx)), counts);
        };
    }

    static WriteOp<InboxChange> markSeen(String userId, long seq, long now) {
        return stateChange(userId, seq, now, SyncItems.SEEN, (c, state, found) -> {
            if (state.seenAt(seq, found.individualReadAt(), found.individualSeenAt()) == 0) {
                mark(c, MARK_SEEN, userId, seq, 0, 0, now, 0);
            }
        });
    }

    static WriteOp<InboxChange> markUnread(String userId, long seq, long now) {
        return stateChange(userId, seq, now, SyncItems.UNREAD, (c, state, found) -> {
            long readAt = state.readAt(seq, found.individualReadAt());
            if (readAt != 0) {
                // It was seen when it was read at the latest: unread never makes it unseen.
                mark(c, MARK_UNREAD, userId, seq, InboxQueries.MARKED_UNREAD, 0, readAt, 0);
            }
        });
    }

    static WriteOp<InboxChange> archive(String userId, long seq, long now) {
        return stateChange(userId, seq, now, SyncItems.ARCHIVED, (c, state, found) -> {
            if (found.archivedAt() == 0) {
                mark(c, MARK_ARCHIVED, userId, seq, 0, 0, 0, now);
            }
        });
    }

    static WriteOp<InboxChange> unarchive(String userId, long seq, long now) {
        return stateChange(userId, seq, now, SyncItems.UNARCHIVED, (c, state, found) -> {
            if (found.archivedAt() != 0) {
                mark(c, MARK_ARCHIVED, userId, seq, 0, 0, 0, 0);
            }
        });
    }

    /**
     * Pressing an action button: the first action and its time are kept, and the notification is
     * read (and so seen) if it is not. Not found, like any other id, when the notification has no
     * such action.
     */
    static WriteOp<InboxChange> act(String userId, long seq, String actionId, long now) {
        WriteOp<InboxChange> change = stateChange(userId, seq, now, (c, state, found) -> {
            if (found.actedAt() == 0) {
                try (PreparedStatement ps = c.prepareStatement(MARK_ACTED)) {
                    ps.setString(1, userId);
                    ps.setLong(2, seq);
                    ps.setLong(3, now);
                    ps.setString(4, actionId);
                    ps.executeUpdate();
                }
            }
            if (state.readAt(seq, found.individualReadAt()) == 0) {
                mark(c, MARK_READ, userId, seq, now, 0, 0, 0);
            }
        }, (tx, state, after, counts) -> SyncItems.acted(userId, EventId.format(tx.epoch(), seq),
                after.actionId(), after.actedAt(), state.seenAt(seq, after.individualReadAt(), after.individualSeenAt()),
                state.readAt(seq, after.individualReadAt()), after.archivedAt(), counts, now, retention(tx)));
        return tx -> InboxQueries.hasAction(tx.connection(), seq, actionId) ? change.apply(tx) : InboxChange.notFound();
    }

    private interface MarkChange {
        void apply(Connection c, UserState state, Found found) throws SQLException;
    }

    /** The sync item reporting a single change, from the state after it and the counts. */
    private interface SyncOf {
        NewItem item(WriteTx tx, UserState state, Found after, InboxCounts counts);
    }

    /** A change whose sync item is {@code event} with the {@link SyncItems#state} shape. */
    private static WriteOp<InboxChange> stateChange(String userId, long seq, long now, String event, MarkChange change) {
        return stateChange(userId, seq, now, change, (tx, state, after, counts) -> SyncItems.state(userId, event,
                EventId.format(tx.epoch(), seq), state.seenAt(seq, after.individualReadAt(), after.individualSeenAt()),
                state.readAt(seq, after.individualReadAt()), after.archivedAt(), counts, now, retention(tx)));
    }

    /** Finds, changes, re-reads the mark and reports the new state with both counts, in one transaction. */
    private static WriteOp<InboxChange> stateChange(String userId, long seq, long now, MarkChange change, SyncOf syncOf) {
        return tx -> {
            Connection c = tx.connection();
            Found found = InboxQueries.find(c, userId, seq, now);
            if (found == null) {
                return InboxChange.notFound();
            }
            UserState state = InboxQueries.user(c, userId);
            CountSnapshots.advance(c, userId, tx.head());
            CountSnapshots.removing(c, userId, seq);
            change.apply(c, state, found);
            CountSnapshots.added(c, userId, seq);
            Found after = InboxQueries.find(c, userId, seq, now);
            InboxCounts counts = CountSnapshots.current(tx, userId, now);
            return new InboxChange(true, tx.append(syncOf.item(tx, state, after, counts)), counts);
        };
    }

    static void mark(Connection c, String sql, String userId, long seq, long readAt, int deleted, long seenAt,
                             long archivedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, userId);
            ps.setLong(2, seq);
            ps.setLong(3, readAt);
            ps.setInt(4, deleted);
            ps.setLong(5, seenAt);
            ps.setLong(6, archivedAt);
            ps.executeUpdate();
        }
    }

    private static InboxChange change(WriteTx tx, NewItem sync, InboxCounts counts) throws SQLException {
        return new InboxChange(true, tx.append(sync), counts);
    }

    static long retention(WriteTx tx) {
        return tx.options().syncRetention().toMillis();
    }
}
