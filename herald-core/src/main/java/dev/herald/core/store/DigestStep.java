package dev.herald.core.store;

import dev.herald.core.item.Item;

import java.util.List;

/**
 * What appending a notification with a digest did.
 *
 * @param merged  false: it started a digest (it is a new notification, delivered as usual, count 1);
 *                true: it went into the open digest of its user and key, whose notification was
 *                rewritten in place instead of a new one being appended
 * @param count   how many notifications the digest's item stands for now
 * @param updates for a merge, the items appended to tell the recipient, in log order: the
 *                {@code notification.updated} with the whole new version, then a
 *                {@code notification.unread} (with the counts) when the merge made a read item unread
 *                again; empty when it started a digest
 */
public record DigestStep(boolean merged, long count, List<Item> updates) {
    public static final DigestStep STARTED = new DigestStep(false, 1, List.of());

    public DigestStep {
        updates = List.copyOf(updates);
    }
}
