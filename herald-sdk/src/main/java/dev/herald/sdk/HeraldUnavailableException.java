package dev.herald.sdk;

/**
 * The hub could not take the request: it was unreachable or timed out ({@link #status()} 0, code
 * {@code network_error} or {@code timeout}), shutting down or without its store (503), or a proxy
 * in front of it failed (502, 504). Raised only after the client's retries ran out; a publish may
 * be retried later with the same idempotency key without risk of delivering twice.
 */
public final class HeraldUnavailableException extends HeraldException {
    private static final long serialVersionUID = 1L;

    public HeraldUnavailableException(String code, int status, String message) {
        super(code, status, message);
    }

    public HeraldUnavailableException(String code, int status, String message, Throwable cause) {
        super(code, status, message, cause);
    }
}
