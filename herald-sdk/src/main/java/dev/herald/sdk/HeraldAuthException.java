package dev.herald.sdk;

/**
 * The hub refused the credentials (401: {@code missing_credentials}, {@code invalid_api_key}) or the
 * action (403). Never retried: the same key will fail the same way.
 */
public final class HeraldAuthException extends HeraldException {
    private static final long serialVersionUID = 1L;

    public HeraldAuthException(String code, int status, String message) {
        super(code, status, message);
    }
}
