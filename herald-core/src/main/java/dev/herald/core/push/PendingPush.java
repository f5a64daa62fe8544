package dev.herald.core.push;

/**
 * One push waiting in the store: notification {@code seq}'s payload for one subscription. When
 * enqueued, {@code to} carries only the user and endpoint; when claimed, the subscription as stored
 * now (with its keys).
 *
 * @param id               the queue's own number (0 before it is stored)
 * @param expiresAtMillis  the notification's expiry: nothing is sent after it, and the TTL is what is left
 * @param topic            the RFC 8030 Topic (replaces an undelivered push with the same one), or null
 * @param attempts         sends tried so far
 * @param enqueuedAtMillis when the push was decided (latency is measured from here)
 */
public record PendingPush(long id, PushSubscription to, long seq, byte[] payload, long expiresAtMillis,
                          PushUrgency urgency, String topic, int attempts, long enqueuedAtMillis) {
}
