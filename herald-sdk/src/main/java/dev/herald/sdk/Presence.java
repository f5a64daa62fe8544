package dev.herald.sdk;

/**
 * Whether a user has open streams on the hub right now.
 *
 * @param connections how many streams the user has open
 */
public record Presence(String userId, int connections, boolean online) {
}
