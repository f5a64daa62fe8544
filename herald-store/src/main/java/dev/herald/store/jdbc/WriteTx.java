package dev.herald.store.jdbc;

import dev.herald.core.item.Item;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.Target;
import dev.herald.core.store.StoreOptions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One group-commit transaction as the ops see it. It owns the numbering: the head is read once
 * after the sequence lock, each appended item takes the next number, and the new head is written
 * back before commit, so numbers and items commit (or roll back) together.
 *
 * <p>Inserts are batched (one round trip per batch on PostgreSQL) and flushed before any query of
 * the transaction reads the tables ({@link #connection()}), so an op always sees what ops before it
 * in the same batch wrote.
 */
final class WriteTx implements AutoCloseable {
    private static final String INSERT_ITEM =
            "INSERT INTO items (" + ItemRow.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_RECIPIENT = "INSERT INTO recipients (seq, pos, user_id, expires_at) VALUES (?, ?, ?, ?)";
    private static final String UPSERT_KEY = "INSERT INTO idempotency_keys (scoped_key, seq, recipients, expires_at)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (scoped_key) DO UPDATE SET seq = excluded.seq,"
            + " recipients = excluded.recipients, expires_at = excluded.expires_at";
    /** Keys per lookup query: well under every driver's parameter limit. */
    private static final int KEY_CHUNK = 200;

    /** A remembered publish: its item's number, the reply a retry repeats, and until when. */
    record KeptKey(long seq, int recipients, long expiresAtMillis, Item writtenHere) {
    }

    private final Connection connection;
    private final String epoch;
    private final StoreOptions options;
    private final long startHead;
    private long head;
    private final Map<String, KeptKey> keys = new HashMap<>();
    private PreparedStatement insertItem;
    private PreparedStatement insertRecipient;
    private PreparedStatement upsertKey;
    private boolean unflushed;

    private WriteTx(Connection connection, String epoch, StoreOptions options, long head) {
        this.connection = connection;
        this.epoch = epoch;
        this.options = options;
        this.startHead = head;
        this.head = head;
    }

    /** Starts numbering after the committed head; call after the dialect's sequence lock. */
    static WriteTx begin(Connection c, String epoch, StoreOptions options, Collection<String> keys)
            throws SQLException {
        long head;
        try (PreparedStatement ps = c.prepareStatement("SELECT head FROM log_state WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("log_state row missing: the schema was not initialised");
            }
            head = rs.getLong(1);
        }
        WriteTx tx = new WriteTx(c, epoch, options, head);
        tx.loadKeys(keys);
        return tx;
    }

    String epoch() {
        return epoch;
    }

    StoreOptions options() {
        return options;
    }

    /** The highest number given so far, including this transaction's. */
    long head() {
        return head;
    }

    /** Gives the item the next number and queues its rows. */
    Item append(NewItem n) throws SQLException {
        long seq = ++head;
        Item item = new Item(epoch, seq, n);
        if (insertItem == null) {
            insertItem = connection.prepareStatement(INSERT_ITEM);
        }
        Target target = n.target();
        insertItem.setLong(1, seq);
        insertItem.setInt(2, ItemRow.kindCode(n.kind()));
        insertItem.setInt(3, ItemRow.audienceOf(target));
        insertItem.setString(4, target.userId());
        insertItem.setString(5, n.event());
        String type = ItemRow.typeColumn(n);
        if (type == null) {
            insertItem.setNull(6, Types.VARCHAR);
        } else {
            insertItem.setString(6, type);
        }
        insertItem.setBytes(7, n.content());
        insertItem.setLong(8, n.createdAtMillis());
        insertItem.setLong(9, n.expiresAtMillis());
        String category = ItemRow.categoryColumn(n);
        if (category == null) {
            insertItem.setNull(10, Types.VARCHAR);
        } else {
            insertItem.setString(10, category);
        }
        insertItem.addBatch();
        List<String> list = target.userIds();
        if (!list.isEmpty()) {
            if (insertRecipient == null) {
                insertRecipient = connection.prepareStatement(INSERT_RECIPIENT);
            }
            for (int pos = 0; pos < list.size(); pos++) {
                insertRecipient.setLong(1, seq);
                insertRecipient.setInt(2, pos);
                insertRecipient.setString(3, list.get(pos));
                insertRecipient.setLong(4, n.expiresAtMillis());
                insertRecipient.addBatch();
            }
        }
        unflushed = true;
        return item;
    }

    /** The live record of an idempotency key (as of this point in the transaction), or null. */
    KeptKey key(String scopedKey) {
        return keys.get(scopedKey);
    }

    /** Records that {@code item} is the first publish of {@code scopedKey} until {@code expiresAtMillis}. */
    void keepKey(String scopedKey, Item item, int recipients, long expiresAtMillis) throws SQLException {
        if (upsertKey == null) {
            upsertKey = connection.prepareStatement(UPSERT_KEY);
        }
        upsertKey.setString(1, scopedKey);
        upsertKey.setLong(2, item.seq());
        upsertKey.setInt(3, recipients);
        upsertKey.setLong(4, expiresAtMillis);
        upsertKey.addBatch();
        unflushed = true;
        keys.put(scopedKey, new KeptKey(item.seq(), recipients, expiresAtMillis, item));
    }

    /** The connection for queries, with every queued insert executed first. */
    Connection connection() throws SQLException {
        flush();
        return connection;
    }

    void flush() throws SQLException {
        if (!unflushed) {
            return;
        }
        unflushed = false;
        // Items first, then what refers to them (no foreign keys, but it reads in the natural order).
        for (PreparedStatement ps : new PreparedStatement[]{insertItem, insertRecipient, upsertKey}) {
            if (ps != null) {
                ps.executeBatch();
            }
        }
    }

    /** Executes what is queued and records the new head; the writer commits right after. */
    void finish() throws SQLException {
        flush();
        if (head != startHead) {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE log_state SET head = ? WHERE id = 1")) {
                ps.setLong(1, head);
                ps.executeUpdate();
            }
        }
    }

    /**
     * Rewrites the log's state row unchanged: a write that changes nothing but, like any other, needs
     * the disk to take it (SQLite appends the page to its WAL; PostgreSQL writes a new row version).
     */
    void touch() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE log_state SET head = head WHERE id = 1")) {
            ps.executeUpdate();
        }
    }

    private void loadKeys(Collection<String> wanted) throws SQLException {
        List<String> all = new ArrayList<>(wanted);
        for (int from = 0; from < all.size(); from += KEY_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + KEY_CHUNK));
            String sql = "SELECT scoped_key, seq, recipients, expires_at FROM idempotency_keys WHERE scoped_key IN ("
                    + "?,".repeat(chunk.size() - 1) + "?)";
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.put(rs.getString(1), new KeptKey(rs.getLong(2), rs.getInt(3), rs.getLong(4), null));
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        for (PreparedStatement ps : new PreparedStatement[]{insertItem, insertRecipient, upsertKey}) {
            if (ps != null) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // closing after a failed transaction; the connection is rolled back anyway
                }
            }
        }
    }
}
