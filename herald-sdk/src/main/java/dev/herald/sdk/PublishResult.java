package dev.herald.sdk;

/**
 * The hub's acknowledgement of a publish: the item is stored and being delivered.
 *
 * @param id         the event id subscribers see (also their {@code Last-Event-ID})
 * @param recipients how many users the notification addresses (for a broadcast, how many were
 *                   online); {@link #UNKNOWN_RECIPIENTS} for events, whose reply has no count
 * @param replayed   true when the hub had already accepted this idempotency key and answered with
 *                   the original reply instead of publishing again
 * @param digested   for a notification with a {@link Digest}: true when it went into the open digest
 *                   that {@code id} names (no new notification), false when it started one or had none
 * @param count      for a notification with a digest, how many notifications the digest's item stands
 *                   for now; 0 when the reply has none (no digest, or a replayed reply)
 */
public record PublishResult(String id, int recipients, boolean replayed, boolean digested, int count) {
    /** {@link #recipients()} when the hub did not report a count. */
    public static final int UNKNOWN_RECIPIENTS = -1;

    /** A reply without a digest. */
    public PublishResult(String id, int recipients, boolean replayed) {
        this(id, recipients, replayed, false, 0);
    }
}
