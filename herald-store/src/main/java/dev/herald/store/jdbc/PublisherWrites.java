package dev.herald.store.jdbc;

import dev.herald.core.inbox.SyncItems;
import dev.herald.core.item.Item;
import dev.herald.core.item.ItemKind;
import dev.herald.core.item.NotificationEdit;
import dev.herald.core.store.PublisherChange;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Objects;

/**
 * A publisher's edits and retractions as writer ops. Each rewrites the notification's row in place
 * (it keeps its number: the log stays dense, so no stream mistakes it for a missed item) and appends
 * the item that tells its recipients, in the same transaction: a stream resuming from before the
 * change reads the change after the original, and the writer's log order decides between concurrent
 * edits (each applies to the version the one before it wrote). A retraction also retracts the
 * notification's earlier {@code notification.updated} items (found by their {@code subject_seq}), so
 * no copy of its text stays in the log or is replayed: a stream resuming from before it gets only the
 * {@code notification.deleted}.
 */
final class PublisherWrites {
    private static final String REWRITE = "UPDATE items SET content = ?, category = ? WHERE seq = ?";
    private static final String RETRACT = "UPDATE items SET kind = ?, content = ? WHERE seq = ?";
    /** Marks an update item as carrying a version of its notification (V6's subject_seq). */
    private static final String SUBJECT = "UPDATE items SET subject_seq = ? WHERE seq = ?";
    /** The notification's earlier update items: their copies of its text go with it. */
    private static final String RETRACT_UPDATES = "UPDATE items SET kind = ?, content = ? WHERE subject_seq = ? AND kind = ?";

    private PublisherWrites() {
    }

    static WriteOp<PublisherChange> edit(long seq, NotificationEdit edit, long now) {
        return tx -> {
            Connection c = tx.connection();
            Item item = LogQueries.item(c, tx.epoch(), seq);
            if (item == null || item.kind() != ItemKind.NOTIFICATION || item.expiresAtMillis() <= now) {
                return PublisherChange.notFound();
            }
            NotificationEdit.Edited next = edit.apply(item.content());
            byte[] content = next.content();
            String category = next.category();
            if (!Objects.equals(category, item.category())) {
                // Before the row moves: the snapshots read which tab it was counted in.
                CountSnapshots.itemRecategorized(c, seq, item.category(), category);
            }
            try (PreparedStatement ps = c.prepareStatement(REWRITE)) {
                ps.setBytes(1, content);
                if (category == null) {
                    ps.setNull(2, Types.VARCHAR);
                } else {
                    ps.setString(2, category);
                }
                ps.setLong(3, seq);
                ps.executeUpdate();
            }
            Item edited = new Item(tx.epoch(), seq, ItemKind.NOTIFICATION, item.target(), item.event(), item.type(),
                    category, content, item.createdAtMillis(), item.expiresAtMillis(), 0);
            Item change = tx.append(SyncItems.updated(item.target(), item.id(), content, now, retention(tx)));
            try (PreparedStatement ps = tx.connection().prepareStatement(SUBJECT)) {
                ps.setLong(1, seq);
                ps.setLong(2, change.seq());
                ps.executeUpdate();
            }
            return new PublisherChange(true, edited, change);
        };
    }

    static WriteOp<PublisherChange> retract(long seq, long now) {
        return tx -> {
            Connection c = tx.connection();
            Item item = LogQueries.item(c, tx.epoch(), seq);
            if (item == null || item.expiresAtMillis() <= now) {
                return PublisherChange.notFound();
            }
            if (item.kind() == ItemKind.RETRACTED) {
                return new PublisherChange(true, null, null);
            }
            if (item.kind() != ItemKind.NOTIFICATION) {
                return PublisherChange.notFound();
            }
            // Before the row leaves the inboxes: the snapshots read what it counted for.
            CountSnapshots.itemRemoved(c, seq);
            try (PreparedStatement ps = c.prepareStatement(RETRACT)) {
                ps.setInt(1, ItemRow.kindCode(ItemKind.RETRACTED));
                ps.setBytes(2, SyncItems.retractedContent());
                ps.setLong(3, seq);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(RETRACT_UPDATES)) {
                ps.setInt(1, ItemRow.kindCode(ItemKind.RETRACTED));
                ps.setBytes(2, SyncItems.retractedContent());
                ps.setLong(3, seq);
                ps.setInt(4, ItemRow.kindCode(ItemKind.SYNC));
                ps.executeUpdate();
            }
            Item change = tx.append(SyncItems.retracted(item.target(), item.id(), now, retention(tx)));
            return new PublisherChange(true, null, change);
        };
    }

    private static long retention(WriteTx tx) {
        return tx.options().syncRetention().toMillis();
    }
}
