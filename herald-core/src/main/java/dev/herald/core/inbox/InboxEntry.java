package dev.herald.core.inbox;

import dev.herald.core.item.Item;

/**
 * A notification as one user's inbox shows it.
 *
 * @param item             the notification
 * @param readAtMillis     when this user read it, or 0 while unread
 * @param seenAtMillis     when this user saw it, or 0 while unseen; reading counts as seeing, so a
 *                         read notification is always seen
 * @param archivedAtMillis when this user archived it, or 0 while not archived
 * @param actedAtMillis    when this user first pressed one of its action buttons, or 0 if never
 * @param actionId         the id of that first action, or null if never acted on
 */
public record InboxEntry(Item item, long readAtMillis, long seenAtMillis, long archivedAtMillis, long actedAtMillis,
                         String actionId) {

    /** An entry never acted on. */
    public InboxEntry(Item item, long readAtMillis, long seenAtMillis, long archivedAtMillis) {
        this(item, readAtMillis, seenAtMillis, archivedAtMillis, 0, null);
    }

    public boolean read() {
        return readAtMillis != 0;
    }

    public boolean seen() {
        return seenAtMillis != 0;
    }

    public boolean archived() {
        return archivedAtMillis != 0;
    }
}
