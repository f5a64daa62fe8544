package dev.herald.core.store;

import dev.herald.core.item.Item;

/**
 * The outcome of a publisher's edit or retraction of a notification.
 *
 * @param found        false when there is no such notification to change (unknown id, an event or
 *                     sync item, expired, or, for an edit, already retracted): nothing changed
 * @param notification for an edit, the notification as it now stands in the log (its original number
 *                     and id, the new content); null for a retraction
 * @param change       the {@code notification.updated} or {@code notification.deleted} item appended
 *                     in the same transaction, addressed to the notification's recipients, to be sent
 *                     live; null when nothing changed (a retraction repeated) or not found
 */
public record PublisherChange(boolean found, Item notification, Item change) {

    public static PublisherChange notFound() {
        return new PublisherChange(false, null, null);
    }
}
