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
 * @param unseenCount the user's unseen count after the change, or -1 for the changes whose sync item
 *                    does not carry it (read, read all, delete, preferences)
 */
public record InboxChange(boolean found, Item sync, int unreadCount, int unseenCount) {
    public InboxChange(boolean found, Item sync, int unreadCount) {
        this(found, sync, unreadCount, -1);
    }

    public static InboxChange notFound() {
        return new InboxChange(false, null, -1, -1);
    }
}
