package dev.herald.core;

/**
 * A failure with a stable {@link ErrorCode}. The message is shown to clients, so it must never
 * carry secrets, tokens or stack traces; the cause (if any) is for logs only.
 */
public class HeraldException extends RuntimeException {
    private final ErrorCode code;

    public HeraldException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public HeraldException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
