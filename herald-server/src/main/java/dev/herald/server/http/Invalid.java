package dev.herald.server.http;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;

/** Shorthands for the 4xx answers to bad input. */
final class Invalid {
    private Invalid() {
    }

    /** The body parsed but a field breaks a rule (422); the message names the field. */
    static HeraldException field(String message) {
        return new HeraldException(ErrorCode.VALIDATION_FAILED, message);
    }

    /** A query parameter or header is malformed (400). */
    static HeraldException request(String message) {
        return new HeraldException(ErrorCode.INVALID_REQUEST, message);
    }
}
