package dev.herald.server.http;

import dev.herald.server.auth.ApiKeys;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * Lets a request through only with a valid publisher key; remembers which key (its fingerprint). A
 * security-policy handler for Vert.x-web, so it may run before the body is read: a request without
 * a key is refused without the node buffering its body.
 */
final class PublisherAuth implements SecurityPolicyHandler {
    static final String PUBLISHER = "herald.publisher";

    private final ApiKeys keys;

    PublisherAuth(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.put(PUBLISHER, keys.check(Bearer.from(ctx.request())));
        ConnectionGuard.authenticated(ctx.request());
        ctx.next();
    }
}
