package dev.herald.sdk;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try again and how long to wait: exponential backoff with jitter, so many clients that
 * failed together (a hub restart) do not all come back in the same instant.
 *
 * @param maxRetries attempts after the first; 0 disables retries
 */
record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {

    /**
     * Statuses that say "not now" rather than "never": rate limiting, and a hub or the proxy in
     * front of it being unavailable. 500 is left out: it signals a bug, which repeating won't fix.
     */
    boolean isRetryableStatus(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    /**
     * The wait before retry number {@code retry} (0 for the first retry): a random value between half
     * and all of {@code initial * 2^retry}, capped at the maximum, and never shorter than the
     * server's {@code Retry-After} (the transport does not retry at all when that is longer than the
     * maximum, so a caller's latency budget still holds).
     *
     * @param retryAfterMillis the server's {@code Retry-After}, or a negative value when it sent none
     */
    long delayMillis(int retry, long retryAfterMillis) {
        long max = maxBackoff.toMillis();
        long initial = Math.max(1, initialBackoff.toMillis());
        long ceiling = Math.min(max, saturatingShift(initial, retry));
        long half = ceiling / 2;
        long delay = half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
        return Math.max(delay, retryAfterMillis);
    }

    /** {@code value << bits}, or Long.MAX_VALUE where that would overflow (value is positive). */
    private static long saturatingShift(long value, int bits) {
        return bits >= Long.numberOfLeadingZeros(value) - 1 ? Long.MAX_VALUE : value << bits;
    }
}
