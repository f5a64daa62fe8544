package dev.herald.core.cluster;

/** A user and their open streams (on every node in cluster mode). */
public record UserStreams(String userId, int connections) {
}
