package dev.herald.core.keys;

/**
 * A key source could not be asked: nothing answered within its timeouts, or it answered with an
 * error or with something that is not a key set. The message says which, for the operator's log; it
 * never reaches a client.
 */
public final class KeysUnavailableException extends RuntimeException {
    public KeysUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
