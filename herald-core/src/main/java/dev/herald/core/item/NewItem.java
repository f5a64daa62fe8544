package dev.herald.core.item;

import dev.herald.core.store.Idempotency;

import java.util.Objects;

/**
 * An item accepted for publishing but not yet in the log: everything except its sequence number.
 *
 * @param kind           what it is
 * @param target         who it is for
 * @param event          the SSE event name it is delivered under
 * @param type           the application's category of a notification (null for events and sync items);
 *                       muting works on it
 * @param category        the notification's optional category (null when not given, and for events and
 *                        sync items); muting by category works on it like on {@code type}
 * @param content        the item's JSON object, UTF-8, without its id (which is spliced in once known)
 * @param createdAtMillis when the hub accepted it
 * @param expiresAtMillis when retention removes it from the log
 * @param idempotency     the publisher-scoped retry key and its reply, or null
 * @param acceptedNanos   {@link System#nanoTime()} at acceptance on this node, for latency metrics only
 * @param collapseKey     events only, or null: a stream that is behind gets only the latest event per key
 * @param maxRatePerSecond with a collapse key, the most events of that key a stream gets per second
 *                        (latest wins, the last one always arrives); 0 for no cap
 * @param digest          for a notification, the digest it merges into (see {@link Digest}), or null;
 *                        only a notification to one user may have one
 */
public record NewItem(ItemKind kind, Target target, String event, String type, String category, byte[] content,
                      long createdAtMillis, long expiresAtMillis, Idempotency idempotency, long acceptedNanos,
                      String collapseKey, double maxRatePerSecond, Digest digest) {

    /** An item that is never coalesced and has no digest. */
    public NewItem(ItemKind kind, Target target, String event, String type, String category, byte[] content,
                   long createdAtMillis, long expiresAtMillis, Idempotency idempotency, long acceptedNanos) {
        this(kind, target, event, type, category, content, createdAtMillis, expiresAtMillis, idempotency,
                acceptedNanos, null, 0, null);
    }

    /** An event that may coalesce (no digest: only notifications have one). */
    public NewItem(ItemKind kind, Target target, String event, String type, String category, byte[] content,
                   long createdAtMillis, long expiresAtMillis, Idempotency idempotency, long acceptedNanos,
                   String collapseKey, double maxRatePerSecond) {
        this(kind, target, event, type, category, content, createdAtMillis, expiresAtMillis, idempotency,
                acceptedNanos, collapseKey, maxRatePerSecond, null);
    }

    /** A notification that may merge into a digest (never coalesced: only events are). */
    public NewItem(ItemKind kind, Target target, String event, String type, String category, byte[] content,
                   long createdAtMillis, long expiresAtMillis, Idempotency idempotency, long acceptedNanos,
                   Digest digest) {
        this(kind, target, event, type, category, content, createdAtMillis, expiresAtMillis, idempotency,
                acceptedNanos, null, 0, digest);
    }

    /** An item without a category (events, sync items, notifications not given one). */
    public NewItem(ItemKind kind, Target target, String event, String type, byte[] content,
                   long createdAtMillis, long expiresAtMillis, Idempotency idempotency, long acceptedNanos) {
        this(kind, target, event, type, null, content, createdAtMillis, expiresAtMillis, idempotency, acceptedNanos);
    }

    public NewItem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(content, "content");
        if (content.length < 2 || content[0] != '{' || content[content.length - 1] != '}') {
            throw new IllegalArgumentException("content must be a JSON object");
        }
        if (expiresAtMillis <= createdAtMillis) {
            throw new IllegalArgumentException("expiresAtMillis must be after createdAtMillis");
        }
        if (collapseKey == null ? maxRatePerSecond != 0 : kind != ItemKind.EVENT || !(maxRatePerSecond >= 0)) {
            throw new IllegalArgumentException("only events coalesce, and a rate needs a collapse key");
        }
        if (digest != null && (kind != ItemKind.NOTIFICATION || target.userId() == null)) {
            // One open digest per (user, key): a list or broadcast would need one per recipient.
            throw new IllegalArgumentException("only a notification to one user can have a digest");
        }
    }
}
