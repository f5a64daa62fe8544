package dev.herald.core.limit;

/**
 * The answer to one {@link RateLimiter#acquire}.
 *
 * @param allowed          whether the permits were taken
 * @param limit            the bucket's size (the burst)
 * @param remaining        permits left in the bucket after this call
 * @param resetMillis      how long until the bucket is full again
 * @param retryAfterMillis when refused: how long until the asked permits are there; 0 when allowed
 */
public record RateDecision(boolean allowed, long limit, long remaining, long resetMillis, long retryAfterMillis) {

    /** Whole seconds until a refused call may succeed, at least 1 (for {@code Retry-After}). */
    public int retryAfterSeconds() {
        return (int) Math.max(1, (retryAfterMillis + 999) / 1000);
    }

    /** Whole seconds until the bucket is full, at least 0 (for {@code RateLimit-Reset}). */
    public long resetSeconds() {
        return (resetMillis + 999) / 1000;
    }
}
