package dev.herald.core.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.item.Item;

import java.io.IOException;

/**
 * One page request of a user's inbox, newest first. The filters combine (all must hold).
 *
 * @param limit      items per page, 1..100
 * @param beforeSeq  only notifications older than this sequence number; 0 = start at the newest
 * @param unreadOnly only unread notifications
 * @param unseenOnly only unseen notifications
 * @param archived   the archive (true) or the inbox without it (false)
 * @param category   only notifications of this category, or null for any
 * @param tag        only notifications carrying this tag, or null for any
 */
public record InboxQuery(int limit, long beforeSeq, boolean unreadOnly, boolean unseenOnly, boolean archived,
                         String category, String tag) {
    public static final int MAX_LIMIT = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    public InboxQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
        if (beforeSeq < 0) {
            throw new IllegalArgumentException("beforeSeq must be >= 0");
        }
    }

    /** The inbox without the archive, with no category or tag filter. */
    public InboxQuery(int limit, long beforeSeq, boolean unreadOnly) {
        this(limit, beforeSeq, unreadOnly, false, false, null, null);
    }

    /** Whether an entry of the user's inbox passes every filter. */
    public boolean matches(InboxEntry e) {
        return e.archived() == archived && !(unreadOnly && e.read()) && !(unseenOnly && e.seen())
                && (category == null || category.equals(e.item().category())) && hasTag(e.item());
    }

    /** True without a tag filter; otherwise whether the notification's {@code tags} hold the tag. */
    public boolean hasTag(Item item) {
        if (tag == null) {
            return true;
        }
        try {
            for (JsonNode t : JSON.readTree(item.content()).path("tags")) {
                if (tag.equals(t.asText())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("malformed notification " + item.id(), e);
        }
    }
}
