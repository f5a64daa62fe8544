package dev.herald.server.config;

/**
 * What clients can make one node hold, so that silent sockets cannot take it down: see
 * {@link Setting#HEADER_TIMEOUT_MS}, {@link Setting#IDLE_TIMEOUT_MS} and
 * {@link Setting#MAX_UNAUTHENTICATED_CONNECTIONS}.
 *
 * @param headerTimeoutMs               how long a new connection may take to send a complete request head
 * @param idleTimeoutMs                 how long a connection may stay silent between requests or inside a body
 * @param maxUnauthenticatedConnections connections that have not authenticated and wait for a request
 */
public record HttpLimits(long headerTimeoutMs, long idleTimeoutMs, int maxUnauthenticatedConnections) {
}
