package dev.herald.core.hub;

/** Why a stream ended; the transport decides what, if anything, to tell the client. */
public enum CloseReason {
    /** The client went away. Nothing can be written. */
    CLIENT_GONE,
    /** Its unsent bytes passed the bound: it cannot keep up and must not hold memory or others up. */
    SLOW_CONSUMER,
    /** Live items piled up past the bound while its replay was still running. */
    REPLAY_OVERFLOW,
    /** The subscriber token's {@code exp} passed. */
    TOKEN_EXPIRED,
    /** The store could not serve the stream's replay; the client should retry shortly. */
    STORE_UNAVAILABLE,
    /** The node is shutting down or draining; the client should reconnect (elsewhere). */
    SHUTDOWN,
    /**
     * The node hit a JVM error (e.g. OutOfMemoryError) serving the stream: never the store's fault,
     * and reported as what it is; the client should retry shortly.
     */
    INTERNAL_ERROR
}
