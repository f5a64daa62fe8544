package dev.herald.sdk;

/**
 * One logical request, which the transport may send several times.
 *
 * @param path          relative to the base URL, without a leading slash (so a base URL with a
 *                      path prefix, e.g. behind a proxy, keeps its prefix)
 * @param body          JSON, or null for none
 * @param authenticated whether to send the publisher key
 * @param retryable     whether sending it again is safe and useful
 */
record Call(String method, String path, byte[] body, boolean authenticated, boolean retryable) {
    static Call get(String path) {
        return new Call("GET", path, null, true, true);
    }

    /**
     * Only for bodies that are safe to repeat: publishes carry an idempotency key, and minting a
     * token twice just yields two valid tokens.
     */
    static Call post(String path, byte[] body) {
        return new Call("POST", path, body, true, true);
    }

    /** A probe: one attempt, no key, so the answer describes the hub right now. */
    static Call probe(String path) {
        return new Call("GET", path, null, false, false);
    }
}
