package dev.herald.server.http;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * Every error response: {@code {"error":{"code","message"}}} with the status from {@link ErrorCode}.
 * Unexpected failures are logged here (path only: query strings may carry tokens) and answered
 * with a generic message, never a stack trace.
 */
public final class Errors {
    private static final Logger log = LoggerFactory.getLogger(Errors.class);

    private Errors() {
    }

    public static Future<Void> send(HttpServerResponse response, ErrorCode code, String message) {
        return send(response, code, message, code.defaultRetryAfterSeconds());
    }

    /**
     * An error reply; {@code retryAfterSeconds > 0} adds {@code Retry-After}. The future completes
     * once the reply is written (at once when nothing could be sent).
     */
    public static Future<Void> send(HttpServerResponse response, ErrorCode code, String message, int retryAfterSeconds) {
        if (response.headWritten() || response.closed()) {
            return Future.succeededFuture();
        }
        if (retryAfterSeconds > 0) {
            response.putHeader("Retry-After", Integer.toString(retryAfterSeconds));
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.code());
        error.put("message", message);
        response.setStatusCode(code.status())
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store");
        if (code.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        return response.end(Json.string(Map.of("error", error)));
    }

    public static void send(RoutingContext ctx, HeraldException e) {
        send(ctx.response(), e.code(), e.getMessage(), e.retryAfterSeconds());
    }

    /** The failure itself, out of the CompletionException a future's callback wraps it in. */
    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** The router's failure handler: maps whatever failed to one catalogue entry. */
    public static void onFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof HeraldException he) {
            send(ctx, he);
            return;
        }
        int status = ctx.statusCode();
        switch (status) {
            case 400 -> send(ctx.response(), ErrorCode.INVALID_REQUEST, "the request is malformed");
            case 404 -> send(ctx.response(), ErrorCode.NOT_FOUND, "no such resource");
            case 405 -> send(ctx.response(), ErrorCode.METHOD_NOT_ALLOWED, "this resource does not allow " + ctx.request().method());
            case 413 -> send(ctx.response(), ErrorCode.PAYLOAD_TOO_LARGE, "the body is larger than 64 KiB");
            case 415 -> send(ctx.response(), ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send Content-Type: application/json");
            default -> {
                log.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
                send(ctx.response(), ErrorCode.INTERNAL_ERROR, "internal error");
            }
        }
    }
}
