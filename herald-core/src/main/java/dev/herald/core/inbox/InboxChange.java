package dev.herald.core.inbox;

import dev.herald.core.item.Item;

/**
 * The outcome of changing a user's inbox (read, read all, delete, preferences).
 *
 * @param found       false when the user has no such notification (nothing changed, no sync item)
 * @param sync        the sync item appended to the log in the same transaction, to be sent live to
 *                    the user's streams; null when not found
 * @param unreadCount the user's unread count after the change
 */
public record InboxChange(boolean found, Item sync, int unreadCount) {
    public static InboxChange notFound() {
        return new InboxChange(false, null, -1);
    }
}
