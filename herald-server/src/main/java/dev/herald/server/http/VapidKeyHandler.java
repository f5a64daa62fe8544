package dev.herald.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;

/**
 * {@code GET /v1/push/vapid-public-key}: the key browsers pass as {@code applicationServerKey} when they
 * subscribe. Public by nature (every push request carries it), so no authentication. {@code no-cache}:
 * a browser that kept an old key after a rotation would subscribe to pushes it can never receive.
 */
final class VapidKeyHandler {
    private final Buffer body;

    VapidKeyHandler(String publicKey) {
        this.body = Buffer.buffer(Json.bytes(Map.of("publicKey", publicKey)));
    }

    void handle(RoutingContext ctx) {
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-cache").end(body);
    }
}
