package dev.herald.core.item;

/** What an item in the log is; decides retention and inbox membership. */
public enum ItemKind {
    /** Kept in the inbox with read state, for the notification TTL. */
    NOTIFICATION,
    /** An application event with its own SSE name; replayable for a short retention only. */
    EVENT,
    /** Inbox state changes (read, deleted) mirrored to a user's other streams. */
    SYNC,
    /**
     * A notification its publisher retracted: the row keeps its number (the log stays dense, so gap
     * detection sees no hole) but its content is gone, it is in no inbox and it is never delivered.
     * Only the store makes one; it never travels on the bus.
     */
    RETRACTED;
}
