package dev.herald.server.auth;

/** A verified subscriber: the token's {@code sub} and when its {@code exp} passes. */
public record Subject(String userId, long expiresAtMillis) {
}
