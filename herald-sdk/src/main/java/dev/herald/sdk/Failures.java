package dev.herald.sdk;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.net.http.HttpTimeoutException;

/** Turns a failed response or a transport error into the matching {@link HeraldException}. */
final class Failures {
    private static final int SNIPPET = 200;

    private Failures() {
    }

    /** A non-2xx reply: the hub's {@code {"error":{"code","message"}}}, or whatever a proxy sent. */
    static HeraldException fromReply(Reply reply) {
        JsonNode error = Wire.tryParse(reply.body()).path("error");
        String code;
        String message;
        if (error.path("code").isTextual()) {
            code = error.get("code").asText();
            message = error.path("message").asText("");
        } else {
            // Not the hub's format: a proxy or load balancer answered. Keep a short, printable excerpt.
            code = "http_" + reply.status();
            message = "the server answered without a Herald error body: " + snippet(reply.body());
        }
        HeraldException failure = forStatus(code, reply.status(), message);
        long retryAfter = Transport.retryAfterMillis(reply);
        return retryAfter < 0 ? failure : failure.withRetryAfter(Duration.ofMillis(retryAfter));
    }

    static HeraldException forStatus(String code, int status, String message) {
        return switch (status) {
            case 401, 403 -> new HeraldAuthException(code, status, message);
            case 400, 413, 415, 422 -> new HeraldValidationException(code, status, message);
            case 429 -> new HeraldRateLimitedException(code, status, message);
            case 502, 503, 504 -> new HeraldUnavailableException(code, status, message);
            default -> new HeraldException(code, status, message);
        };
    }

    /** No response at all, after {@code attempts} tries. */
    static HeraldUnavailableException transport(Throwable cause, String method, URI uri, int attempts) {
        boolean timeout = cause instanceof HttpTimeoutException;
        String what = (timeout ? "no response to " : "could not reach the hub for ") + method + " " + uri
                + " after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ") + cause;
        return new HeraldUnavailableException(timeout ? "timeout" : "network_error", 0, what, cause);
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "(empty)";
        }
        String s = body.strip().replaceAll("\\p{Cntrl}+", " ");
        return s.length() > SNIPPET ? s.substring(0, SNIPPET) + "..." : s;
    }
}
