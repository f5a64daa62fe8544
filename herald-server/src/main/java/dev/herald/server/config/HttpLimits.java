package dev.herald.server.config;

/**
 * What clients can make one node hold, so that neither big requests nor silent sockets can take it
 * down: see {@link Setting#MAX_INFLIGHT_BYTES}, {@link Setting#HEADER_TIMEOUT_MS},
 * {@link Setting#IDLE_TIMEOUT_MS} and {@link Setting#MAX_UNAUTHENTICATED_CONNECTIONS}.
 *
 * @param maxInflightBytes              request bytes held at once (bodies being received, writes waiting
 *                                      for the store); already resolved from the heap when not configured
 * @param headerTimeoutMs               how long a new connection may take to send a complete request head
 * @param idleTimeoutMs                 how long a connection may stay silent between requests or inside a body
 * @param maxUnauthenticatedConnections connections that have not authenticated and wait for a request
 */
public record HttpLimits(long maxInflightBytes, long headerTimeoutMs, long idleTimeoutMs,
                         int maxUnauthenticatedConnections) {

    /** The in-flight budget when none is configured: a sixteenth of the heap this JVM may grow to, at least 2 MiB. */
    public static long defaultInflightBytes(long maxHeapBytes) {
        return Math.min(1L << 30, Math.max(2L << 20, maxHeapBytes / 16));
    }
}
