package dev.herald.core.push;

/** What the push service answered. SENT 2xx; GONE 404/410 (delete the subscription); RETRY 429, 5xx or a network error (retryAfterMillis from Retry-After, else -1); REJECTED any other status (do not retry). */
public record PushOutcome(Result result, int status, long retryAfterMillis) {
    public enum Result { SENT, GONE, RETRY, REJECTED }
}
