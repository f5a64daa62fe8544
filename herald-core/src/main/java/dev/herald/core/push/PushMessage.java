package dev.herald.core.push;

/** One message: the plaintext payload (UTF-8 JSON), TTL seconds, urgency, and an optional Topic (<= 32 base64url chars, else null). */
public record PushMessage(byte[] payload, int ttlSeconds, PushUrgency urgency, String topic) {}
