package dev.herald.server.http;

import dev.herald.core.ErrorCode;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * Requests the HTTP decoder could not read (a bad request line, a header value with control
 * characters, a negative or repeated {@code Content-Length}, an ambiguous body length, a head over
 * the size limits) get the same JSON error as everything else, {@code 400 invalid_request}, instead
 * of Vert.x's empty reply. Vert.x then closes the connection: after such a request the rest of the
 * bytes on it cannot be trusted to start a new one.
 */
final class MalformedRequests {
    private MalformedRequests() {
    }

    static void answer(HttpServerRequest request) {
        request.response().putHeader(HttpHeaders.CONNECTION, "close");
        Errors.send(request.response(), ErrorCode.INVALID_REQUEST, message(request.decoderResult().cause()));
    }

    /** Says which rule was broken, never echoing the request: its bytes may be anything. */
    private static String message(Throwable cause) {
        if (cause instanceof StrictRequestDecoder.AmbiguousLength) {
            return cause.getMessage();
        }
        if (cause instanceof TooLongHttpLineException) {
            return "the request line is longer than " + HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH + " bytes";
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return "the header fields are larger than " + HttpServerOptions.DEFAULT_MAX_HEADER_SIZE / 1024 + " KiB";
        }
        return "the request is not valid HTTP/1.1: a malformed request line or header field (control characters"
                + " in a value, a Content-Length that is not one whole number)";
    }
}
