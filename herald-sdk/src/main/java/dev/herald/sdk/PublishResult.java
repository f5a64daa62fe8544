package dev.herald.sdk;

/**
 * The hub's acknowledgement of a publish: the item is stored and being delivered.
 *
 * @param id         the event id subscribers see (also their {@code Last-Event-ID})
 * @param recipients how many users the notification addresses (for a broadcast, how many were
 *                   online); {@link #UNKNOWN_RECIPIENTS} for events, whose reply has no count
 * @param replayed   true when the hub had already accepted this idempotency key and answered with
 *                   the original reply instead of publishing again
 */
public record PublishResult(String id, int recipients, boolean replayed) {
    /** {@link #recipients()} when the hub did not report a count. */
    public static final int UNKNOWN_RECIPIENTS = -1;
}
