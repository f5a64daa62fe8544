package dev.herald.core.push;

import java.util.concurrent.CompletableFuture;

/**
 * Sends encrypted (RFC 8291 aes128gcm), VAPID-signed (RFC 8292) Web Push messages (RFC 8030).
 * Never blocks the caller; the future never fails (a network error is RETRY with status 0).
 * Closing is idempotent; sends after close complete with RETRY.
 */
public interface PushSender extends AutoCloseable {
    CompletableFuture<PushOutcome> send(PushSubscription to, PushMessage message);

    /** The VAPID public key, base64url (no padding) of the uncompressed P-256 point, as browsers' applicationServerKey takes it. */
    String vapidPublicKey();

    @Override
    void close();
}
