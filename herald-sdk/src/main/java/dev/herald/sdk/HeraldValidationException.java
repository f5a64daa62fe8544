package dev.herald.sdk;

/**
 * The hub refused the request's content (400 {@code invalid_json}/{@code invalid_request}, 413
 * {@code payload_too_large}, 415 {@code unsupported_media_type}, 422 {@code validation_failed}).
 * The message names the offending field. Never retried: the same body will fail the same way.
 */
public final class HeraldValidationException extends HeraldException {
    private static final long serialVersionUID = 1L;

    public HeraldValidationException(String code, int status, String message) {
        super(code, status, message);
    }
}
