package dev.herald.core.push;

/** A browser's push subscription, as PushSubscription.toJSON() gives it, for one user. */
public record PushSubscription(String userId, String endpoint, String p256dh, String auth, long createdAtMillis) {}
