package dev.herald.store.jdbc;

import dev.herald.core.inbox.InboxCounts;
import dev.herald.core.inbox.SyncItems;
import dev.herald.core.item.DigestMerge;
import dev.herald.core.item.Item;
import dev.herald.core.item.ItemKind;
import dev.herald.core.item.NewItem;
import dev.herald.core.store.Appended;
import dev.herald.core.store.DigestStep;
import dev.herald.store.jdbc.InboxQueries.Found;
import dev.herald.store.jdbc.InboxQueries.UserState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Appending a notification with a digest, inside the append's writer transaction (V9's
 * {@code open_digests}). Writer ops run one at a time, across nodes sharing a PostgreSQL database
 * too, so reading the open digest and merging into it cannot race: 2 × 50 concurrent publishes count
 * exactly 100 wherever they arrive.
 *
 * <p>A merge is a publisher edit made by the hub (see {@link PublisherWrites}): the digest's
 * notification is rewritten in place under its own number and a {@code notification.updated} with
 * the whole new version is appended (marked with its subject, so a retraction takes it along). It
 * stays one notification in the counts; a new category moves it between tabs, and a read one becomes
 * unread and unseen again (with a {@code notification.unread} carrying the new counts), the snapshot
 * kept exact around each change as the inbox writes keep it.
 */
final class DigestWrites {
    private static final String OPEN = "SELECT seq, count, window_end FROM open_digests WHERE user_id = ? AND digest_key = ?";
    private static final String START = "INSERT INTO open_digests (user_id, digest_key, seq, count, window_end)"
            + " VALUES (?, ?, ?, 1, ?) ON CONFLICT (user_id, digest_key) DO UPDATE SET seq = excluded.seq,"
            + " count = excluded.count, window_end = excluded.window_end";
    private static final String COUNT = "UPDATE open_digests SET count = ? WHERE user_id = ? AND digest_key = ?";
    private static final String REWRITE = "UPDATE items SET content = ?, category = ?, type = ? WHERE seq = ?";
    private static final String SUBJECT = "UPDATE items SET subject_seq = ? WHERE seq = ?";
    /** Unread and unseen again; its archived time and first action stay. */
    private static final String UNREAD_AGAIN = "INSERT INTO inbox_marks (user_id, seq, read_at, deleted, seen_at, archived_at)"
            + " VALUES (?, ?, ?, 0, 0, 0) ON CONFLICT (user_id, seq) DO UPDATE SET read_at = excluded.read_at, seen_at = 0";

    private record Open(long seq, long count, long windowEnd) {
    }

    private DigestWrites() {
    }

    /** Starts the user's digest of this key with {@code n}, or merges {@code n} into the open one. */
    static Appended append(WriteTx tx, NewItem n, int recipients) throws SQLException {
        Connection c = tx.connection();
        String userId = n.target().userId();
        String key = n.digest().key();
        long now = n.createdAtMillis();
        Open open = open(c, userId, key);
        Found found = open == null || now >= open.windowEnd() ? null : InboxQueries.find(c, userId, open.seq(), now);
        if (found == null || found.archivedAt() != 0) {
            // No digest open, its window closed, or its notification left the inbox (expired,
            // deleted, archived, retracted): this one starts the next.
            Item started = tx.append(n);
            try (PreparedStatement ps = tx.connection().prepareStatement(START)) {
                ps.setString(1, userId);
                ps.setString(2, key);
                ps.setLong(3, started.seq());
                ps.setLong(4, now + n.digest().windowMillis());
                ps.executeUpdate();
            }
            return new Appended(started, false, recipients, DigestStep.STARTED);
        }
        return merge(tx, n, recipients, open, found);
    }

    private static Appended merge(WriteTx tx, NewItem n, int recipients, Open open, Found found) throws SQLException {
        Connection c = tx.connection();
        String userId = n.target().userId();
        long seq = open.seq();
        long now = n.createdAtMillis();
        long count = open.count() + 1;
        Item item = LogQueries.item(c, tx.epoch(), seq);
        byte[] content = DigestMerge.merged(item.content(), n, count);
        if (!Objects.equals(item.category(), n.category())) {
            // Before the row moves: the snapshots read which tab it was counted in.
            CountSnapshots.itemRecategorized(c, seq, item.category(), n.category());
        }
        try (PreparedStatement ps = c.prepareStatement(REWRITE)) {
            ps.setBytes(1, content);
            setText(ps, 2, n.category());
            setText(ps, 3, n.type());
            ps.setLong(4, seq);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(COUNT)) {
            ps.setLong(1, count);
            ps.setString(2, userId);
            ps.setString(3, n.digest().key());
            ps.executeUpdate();
        }
        Item merged = new Item(tx.epoch(), seq, ItemKind.NOTIFICATION, item.target(), item.event(), n.type(),
                n.category(), content, item.createdAtMillis(), item.expiresAtMillis(), n.acceptedNanos());
        List<Item> updates = new ArrayList<>(2);
        Item updated = tx.append(SyncItems.updated(item.target(), item.id(), content, now, InboxWrites.retention(tx)));
        try (PreparedStatement ps = tx.connection().prepareStatement(SUBJECT)) {
            ps.setLong(1, seq);
            ps.setLong(2, updated.seq());
            ps.executeUpdate();
        }
        updates.add(updated);
        UserState state = InboxQueries.user(c, userId);
        if (state.seenAt(seq, found.individualReadAt(), found.individualSeenAt()) != 0) {
            // Something new in it: unread and unseen again, so the badge shows it.
            CountSnapshots.advance(c, userId, tx.head());
            CountSnapshots.removing(c, userId, seq);
            try (PreparedStatement ps = c.prepareStatement(UNREAD_AGAIN)) {
                ps.setString(1, userId);
                ps.setLong(2, seq);
                ps.setLong(3, InboxQueries.MARKED_UNREAD);
                ps.executeUpdate();
            }
            CountSnapshots.added(c, userId, seq);
            InboxCounts counts = CountSnapshots.current(tx, userId, now);
            updates.add(tx.append(SyncItems.state(userId, SyncItems.UNREAD, item.id(), 0, 0, 0, counts, now,
                    InboxWrites.retention(tx))));
        }
        return new Appended(merged, false, recipients, new DigestStep(true, count, updates));
    }

    private static Open open(Connection c, String userId, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(OPEN)) {
            ps.setString(1, userId);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Open(rs.getLong(1), rs.getLong(2), rs.getLong(3)) : null;
            }
        }
    }

    private static void setText(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }
}
