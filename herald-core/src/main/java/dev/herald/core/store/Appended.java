package dev.herald.core.store;

import dev.herald.core.item.Item;

/**
 * The outcome of appending one item.
 *
 * @param item       the item as it stands in the log (for a duplicate: the original)
 * @param duplicate  true when an earlier publish with the same idempotency key already holds it;
 *                   nothing new was written and nothing must be delivered again
 * @param recipients the recipient count of the first reply, so a retry gets the same answer
 */
public record Appended(Item item, boolean duplicate, int recipients) {
}
