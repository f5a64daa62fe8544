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
    SHUTTING_DOWN("shutting_down", 503),
    STORE_UNAVAILABLE("store_unavailable", 503),
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
}
