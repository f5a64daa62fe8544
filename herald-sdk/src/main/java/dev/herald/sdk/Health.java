package dev.herald.sdk;

/**
 * The hub's health probe ({@code GET /health}).
 *
 * @param status      {@code "ok"}, {@code "degraded"} (serving, a dependency is unwell) or
 *                    {@code "draining"} (shutting down: publishes are refused)
 * @param connections open streams on the node that answered
 */
public record Health(String status, int connections) {
    /** True when the node accepts publishes normally. */
    public boolean isOk() {
        return "ok".equals(status);
    }
}
