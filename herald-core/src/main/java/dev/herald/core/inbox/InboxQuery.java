package dev.herald.core.inbox;

/**
 * One page request of a user's inbox, newest first.
 *
 * @param limit      items per page, 1..100
 * @param beforeSeq  only notifications older than this sequence number; 0 = start at the newest
 * @param unreadOnly only unread notifications
 */
public record InboxQuery(int limit, long beforeSeq, boolean unreadOnly) {
    public static final int MAX_LIMIT = 100;

    public InboxQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
        if (beforeSeq < 0) {
            throw new IllegalArgumentException("beforeSeq must be >= 0");
        }
    }
}
