package dev.herald.store.jdbc;

import dev.herald.core.item.Item;
import dev.herald.core.item.NewItem;
import dev.herald.core.store.Appended;
import dev.herald.core.store.Idempotency;
import dev.herald.store.jdbc.WriteTx.KeptKey;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One {@code append} call: its items take consecutive numbers in the batch's transaction, except
 * those whose idempotency key is still live, which return the first publish instead.
 */
final class AppendOp implements WriteOp<List<Appended>> {
    private final List<NewItem> items;

    AppendOp(List<NewItem> items) {
        this.items = List.copyOf(items);
    }

    @Override
    public List<Appended> apply(WriteTx tx) throws SQLException {
        long window = tx.options().idempotencyWindow().toMillis();
        List<Appended> out = new ArrayList<>(items.size());
        for (NewItem n : items) {
            Idempotency key = n.idempotency();
            KeptKey kept = key == null ? null : tx.key(key.scopedKey());
            // A key is live until the first publish's createdAt + window, measured on the retry's clock.
            if (kept != null && n.createdAtMillis() < kept.expiresAtMillis()) {
                out.add(new Appended(original(tx, kept, n), true, kept.recipients()));
                continue;
            }
            int recipients = key == null ? -1 : key.recipients();
            Appended appended = n.digest() == null
                    ? new Appended(tx.append(n), false, recipients)
                    : DigestWrites.append(tx, n, recipients);
            if (key != null) {
                // A merged publish's key names the digest's notification: a retry answers its id.
                tx.keepKey(key.scopedKey(), appended.item(), key.recipients(), n.createdAtMillis() + window);
            }
            out.add(appended);
        }
        return out;
    }

    /**
     * The first publish's item. Retention may already have removed it (an event kept for minutes
     * under a key kept for a day); the retry then gets an item with the original number and id built
     * from its own content: the reply names the same id, and nothing is delivered again either way.
     */
    private static Item original(WriteTx tx, KeptKey kept, NewItem retry) throws SQLException {
        if (kept.writtenHere() != null) {
            return kept.writtenHere();
        }
        Item stored = LogQueries.item(tx.connection(), tx.epoch(), kept.seq());
        return stored != null ? stored : new Item(tx.epoch(), kept.seq(), retry);
    }

    @Override
    public int weight() {
        return Math.max(1, items.size());
    }

    @Override
    public Collection<String> idempotencyKeys() {
        Set<String> keys = null;
        for (NewItem n : items) {
            if (n.idempotency() != null) {
                if (keys == null) {
                    keys = new LinkedHashSet<>();
                }
                keys.add(n.idempotency().scopedKey());
            }
        }
        return keys == null ? List.of() : keys;
    }
}
