package dev.herald.sdk;

import java.time.Duration;
import java.util.Optional;

/**
 * A request to the hub failed. Unchecked, so blocking calls read like ordinary code; catch a
 * subclass for the cases worth handling differently.
 *
 * <p>{@link #code()} is stable and safe to branch on: the hub's own error code (such as
 * {@code validation_failed}, {@code invalid_api_key}, {@code shutting_down}) when it answered with
 * one; {@code network_error} or {@code timeout} when it could not be reached; {@code http_<status>}
 * when something other than the hub (a proxy) answered; {@code invalid_response} when a success
 * reply could not be read; {@code interrupted} when a blocking caller was interrupted.
 * The message is for people and may change.
 *
 * @see HeraldAuthException
 * @see HeraldValidationException
 * @see HeraldRateLimitedException
 * @see HeraldUnavailableException
 */
public class HeraldException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final int status;
    private Duration retryAfter;

    /**
     * @param code    the stable error code
     * @param status  the HTTP status, or 0 when no response was received
     * @param message what went wrong, for people
     */
    public HeraldException(String code, int status, String message) {
        this(code, status, message, null);
    }

    public HeraldException(String code, int status, String message, Throwable cause) {
        super(describe(code, status, message), cause);
        this.code = code;
        this.status = status;
    }

    /** The stable error code, e.g. {@code validation_failed} or {@code network_error}. */
    public String code() {
        return code;
    }

    /** The HTTP status of the failing response, or 0 when none was received. */
    public int status() {
        return status;
    }

    /**
     * How long the hub asked to wait before trying again ({@code Retry-After} on a 429 or 503), if it
     * said. The SDK never retries sooner; when the wait is longer than its maximum backoff it does
     * not wait at all but fails the call with this, so the application can schedule the retry.
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Records the reply's {@code Retry-After}; called once, before the exception is thrown. */
    HeraldException withRetryAfter(Duration wait) {
        this.retryAfter = wait;
        return this;
    }

    private static String describe(String code, int status, String message) {
        return status == 0 ? code + ": " + message : code + " (HTTP " + status + "): " + message;
    }
}
