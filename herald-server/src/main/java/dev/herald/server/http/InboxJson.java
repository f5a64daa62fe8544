package dev.herald.server.http;

import dev.herald.core.inbox.InboxEntry;
import dev.herald.core.inbox.InboxPage;
import dev.herald.core.inbox.SyncItems;
import dev.herald.core.item.EventId;

import java.util.List;

/**
 * Inbox pages as JSON. Each entry is the notification exactly as it was delivered on the stream
 * (its stored JSON, not re-serialised) plus {@code read}, {@code readAt}, {@code seenAt},
 * {@code archivedAt}, {@code actedAt} and {@code actionId} (null when not).
 */
final class InboxJson {
    private InboxJson() {
    }

    static String page(InboxPage page, String epoch) {
        StringBuilder sb = new StringBuilder(256 + page.items().size() * 256);
        sb.append("{\"items\":[");
        List<InboxEntry> items = page.items();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            entry(sb, items.get(i));
        }
        sb.append("],\"unreadCount\":").append(page.unreadCount()).append(",\"nextBefore\":");
        if (page.nextBefore() == 0) {
            sb.append("null");
        } else {
            sb.append('"').append(EventId.format(epoch, page.nextBefore())).append('"');
        }
        return sb.append('}').toString();
    }

    private static void entry(StringBuilder sb, InboxEntry e) {
        String json = e.item().dataJson();
        sb.append(json, 0, json.length() - 1).append(",\"read\":").append(e.read());
        time(sb, "readAt", e.readAtMillis());
        time(sb, "seenAt", e.seenAtMillis());
        time(sb, "archivedAt", e.archivedAtMillis());
        time(sb, "actedAt", e.actedAtMillis());
        sb.append(",\"actionId\":").append(e.actionId() == null ? "null" : Json.string(e.actionId()));
        sb.append('}');
    }

    private static void time(StringBuilder sb, String field, long millis) {
        sb.append(",\"").append(field).append("\":");
        if (millis == 0) {
            sb.append("null");
        } else {
            sb.append('"').append(SyncItems.time(millis)).append('"');
        }
    }
}
