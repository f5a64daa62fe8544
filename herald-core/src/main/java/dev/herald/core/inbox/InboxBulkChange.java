package dev.herald.core.inbox;

import dev.herald.core.item.Item;

/**
 * The outcome of a bulk change: how many notifications changed state and the sync item committed
 * with it (always one, also when nothing changed, so every tab learns the request was applied).
 *
 * @param changed     notifications whose state changed; ids not in the user's inbox count as unchanged
 * @param sync        the {@code notifications.bulk} item, to be sent live to the user's streams
 * @param unreadCount the user's unread count after the change
 * @param unseenCount the user's unseen count after the change
 */
public record InboxBulkChange(int changed, Item sync, int unreadCount, int unseenCount) {
}
