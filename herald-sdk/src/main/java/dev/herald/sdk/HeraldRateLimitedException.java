package dev.herald.sdk;

/** 429: too many requests or connections. Raised only after the client's retries ran out. */
public final class HeraldRateLimitedException extends HeraldException {
    private static final long serialVersionUID = 1L;

    public HeraldRateLimitedException(String code, int status, String message) {
        super(code, status, message);
    }
}
