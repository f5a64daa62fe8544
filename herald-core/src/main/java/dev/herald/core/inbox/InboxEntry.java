package dev.herald.core.inbox;

import dev.herald.core.item.Item;

/**
 * A notification as one user's inbox shows it.
 *
 * @param item         the notification
 * @param readAtMillis when this user read it, or 0 while unread
 */
public record InboxEntry(Item item, long readAtMillis) {
    public boolean read() {
        return readAtMillis != 0;
    }
}
