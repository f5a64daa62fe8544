package dev.herald.core.store;

import dev.herald.core.item.Item;

import java.util.List;

/**
 * The outcome of appending one item.
 *
 * @param item       the item as it stands in the log (for a duplicate: the original; for a notification
 *                   merged into a digest: the digest's notification as it now stands, under its own
 *                   number and id)
 * @param duplicate  true when an earlier publish with the same idempotency key already holds it;
 *                   nothing new was written and nothing must be delivered again
 * @param recipients the recipient count of the first reply, so a retry gets the same answer
 * @param digest     for a new notification with a digest: whether it started one or merged into one;
 *                   null otherwise (and for duplicates)
 */
public record Appended(Item item, boolean duplicate, int recipients, DigestStep digest) {

    public Appended(Item item, boolean duplicate, int recipients) {
        this(item, duplicate, recipients, null);
    }

    /**
     * True when the notification went into an open digest: nothing new reached the inbox, so nothing
     * that alerts (a toast, a web push) should go out for it.
     */
    public boolean mergedIntoDigest() {
        return digest != null && digest.merged();
    }

    /** What must go out live for this append, in log order: nothing for a duplicate. */
    public List<Item> live() {
        if (duplicate) {
            return List.of();
        }
        return mergedIntoDigest() ? digest.updates() : List.of(item);
    }
}
