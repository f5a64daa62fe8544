package dev.herald.core.item;

/** What an item in the log is; decides retention and inbox membership. */
public enum ItemKind {
    /** Kept in the inbox with read state, for the notification TTL. */
    NOTIFICATION,
    /** An application event with its own SSE name; replayable for a short retention only. */
    EVENT,
    /** Inbox state changes (read, deleted) mirrored to a user's other streams. */
    SYNC;
}
