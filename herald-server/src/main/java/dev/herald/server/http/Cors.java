package dev.herald.server.http;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;

/**
 * CORS for browsers on other origins. Named origins are echoed back and may send credentials;
 * {@code *} admits any origin but never with credentials (browsers forbid the combination, and it
 * would let any site act with a user's cookies). No origins configured: no CORS headers at all.
 */
final class Cors implements Handler<RoutingContext> {
    private static final String ALLOW_HEADERS = "Authorization, Content-Type, Last-Event-ID, Cache-Control";
    private static final String ALLOW_METHODS = "GET, POST, PUT, DELETE, OPTIONS";

    private final boolean any;
    private final Set<String> origins;

    Cors(List<String> configured) {
        this.any = configured.contains("*");
        this.origins = Set.copyOf(configured);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        boolean preflight = ctx.request().method() == HttpMethod.OPTIONS
                && ctx.request().getHeader("Access-Control-Request-Method") != null;
        if (origin == null || (!any && !origins.contains(origin))) {
            if (preflight) {
                throw new HeraldException(ErrorCode.FORBIDDEN, "this origin is not allowed (HERALD_CORS_ORIGINS)");
            }
            ctx.next();
            return;
        }
        HttpServerResponse response = ctx.response();
        response.putHeader("Vary", "Origin");
        if (any) {
            response.putHeader("Access-Control-Allow-Origin", "*");
        } else {
            response.putHeader("Access-Control-Allow-Origin", origin);
            response.putHeader("Access-Control-Allow-Credentials", "true");
        }
        if (preflight) {
            response.putHeader("Access-Control-Allow-Methods", ALLOW_METHODS)
                    .putHeader("Access-Control-Allow-Headers", ALLOW_HEADERS)
                    .putHeader("Access-Control-Max-Age", "600")
                    .setStatusCode(204)
                    .end();
            return;
        }
        // Retry-After and the rate limit figures let a page on another origin back off as told.
        response.putHeader("Access-Control-Expose-Headers",
                "Idempotent-Replayed, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset");
        ctx.next();
    }
}
