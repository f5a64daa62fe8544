package dev.herald.core.inbox;

import java.util.List;

/**
 * A page of a user's inbox.
 *
 * @param items       newest first
 * @param unreadCount the user's unread notifications in all (not only on this page)
 * @param nextBefore  the sequence number to pass as {@code beforeSeq} for the next page, or 0 at the end
 */
public record InboxPage(List<InboxEntry> items, int unreadCount, long nextBefore) {
    public InboxPage {
        items = List.copyOf(items);
    }
}
