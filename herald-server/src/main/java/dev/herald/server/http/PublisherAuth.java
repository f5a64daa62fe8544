package dev.herald.server.http;

import dev.herald.server.auth.ApiKeys;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Lets a request through only with a valid publisher key; remembers which key (its fingerprint). */
final class PublisherAuth implements Handler<RoutingContext> {
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
