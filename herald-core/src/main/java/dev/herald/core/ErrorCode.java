package dev.herald.core;

/**
 * The one catalogue of stable error codes. Clients match on {@link #code()}, never on messages;
 * {@link #status()} is the HTTP status the server answers with, mapped here and nowhere else.
 */
public enum ErrorCode {
    INVALID_JSON("invalid_json", 400),
    INVALID_REQUEST("invalid_request", 400),
    MISSING_CREDENTIALS("missing_credentials", 401),
    INVALID_API_KEY("invalid_api_key", 401),
    INVALID_TOKEN("invalid_token", 401),
    TOKEN_EXPIRED("token_expired", 401),
    FORBIDDEN("forbidden", 403),
    NOT_FOUND("not_found", 404),
    METHOD_NOT_ALLOWED("method_not_allowed", 405),
    PAYLOAD_TOO_LARGE("payload_too_large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
    VALIDATION_FAILED("validation_failed", 422),
    TOO_MANY_CONNECTIONS("too_many_connections", 429),
    /** A publisher key or subscriber went past its rate; the reply says when to try again. */
    RATE_LIMITED("rate_limited", 429),
    SHUTTING_DOWN("shutting_down", 503),
    STORE_UNAVAILABLE("store_unavailable", 503),
    /** The node holds as much in-flight work as it may (request bytes, queued writes): try again shortly. */
    OVERLOADED("overloaded", 503),
    INTERNAL_ERROR("internal_error", 500);

    private final String code;
    private final int status;

    ErrorCode(String code, int status) {
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /**
     * The {@code Retry-After} (seconds) an answer with this code carries when the failure names none
     * of its own: every "try again later" status tells the client when, so retries spread out
     * instead of hammering a node that is already refusing work. Zero means no header.
     */
    public int defaultRetryAfterSeconds() {
        return switch (this) {
            case SHUTTING_DOWN, OVERLOADED, RATE_LIMITED -> 1;
            case STORE_UNAVAILABLE -> 2;
            default -> 0;
        };
    }
}
