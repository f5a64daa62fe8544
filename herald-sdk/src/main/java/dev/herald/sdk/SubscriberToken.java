package dev.herald.sdk;

import java.time.Instant;

/**
 * A token a browser (or any subscriber) uses to open its stream: {@code GET /v1/stream} with
 * {@code Authorization: Bearer <token>}, or {@code ?token=} where headers cannot be set.
 *
 * @param token     the signed JWT; a credential, so {@link #toString()} never shows it
 * @param userId    the user whose stream it opens
 * @param expiresAt when the hub stops accepting it (and ends streams opened with it)
 */
public record SubscriberToken(String token, String userId, Instant expiresAt) {
    @Override
    public String toString() {
        return "SubscriberToken[userId=" + userId + ", expiresAt=" + expiresAt + ", token=<redacted>]";
    }
}
