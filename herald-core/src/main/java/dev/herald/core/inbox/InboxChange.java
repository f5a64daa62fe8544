package dev.herald.core.inbox;

import dev.herald.core.item.Item;

/**
 * The outcome of changing a user's inbox (seen, read, unread, archive, unarchive, an action, read
 * all, delete, preferences); bulk changes answer {@link InboxBulkChange}.
 *
 * @param found       false when the user has no such notification (nothing changed, no sync item)
 * @param sync        the sync item appended to the log in the same transaction, to be sent live to
 *                    the user's streams; null when not found
 * @param unreadCount the user's unread count after the change (archived notifications not counted)
 * @param unseenCount the user's unseen count after the change
 * @param counts      all the user's counts after the change (what the sync item's {@code counts}
 *                    carries); null when not found
 */
public record InboxChange(boolean found, Item sync, int unreadCount, int unseenCount, InboxCounts counts) {
    /** A change with its counts: unreadCount and unseenCount are the whole inbox's. */
    public InboxChange(boolean found, Item sync, InboxCounts counts) {
        this(found, sync, counts.all().unread(), counts.all().unseen(), counts);
    }

    public static InboxChange notFound() {
        return new InboxChange(false, null, -1, -1, null);
    }
}
