package dev.herald.core;

/**
 * A failure with a stable {@link ErrorCode}. The message is shown to clients, so it must never
 * carry secrets, tokens or stack traces; the cause (if any) is for logs only.
 */
public class HeraldException extends RuntimeException {
    private final ErrorCode code;
    private final int retryAfterSeconds;

    public HeraldException(ErrorCode code, String message) {
        this(code, message, null, code.defaultRetryAfterSeconds());
    }

    public HeraldException(ErrorCode code, String message, Throwable cause) {
        this(code, message, cause, code.defaultRetryAfterSeconds());
    }

    private HeraldException(ErrorCode code, String message, Throwable cause, int retryAfterSeconds) {
        super(message, cause);
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A failure that tells the client to wait {@code seconds} (at least 1) before trying again. */
    public static HeraldException retryAfter(ErrorCode code, String message, int seconds) {
        return new HeraldException(code, message, null, Math.max(1, seconds));
    }

    public ErrorCode code() {
        return code;
    }

    /** Seconds the client should wait before retrying (the {@code Retry-After} header); 0 for none. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
