package dev.herald.server.http;

import dev.herald.server.auth.JwtService;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * Lets a request through only with a valid subscriber token; remembers whose it is. Runs before the
 * body is read, like {@link PublisherAuth}.
 */
final class SubscriberAuth implements SecurityPolicyHandler {
    static final String USER = "herald.user";

    private final JwtService jwt;

    SubscriberAuth(JwtService jwt) {
        this.jwt = jwt;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.put(USER, jwt.verify(SubscriberToken.from(ctx.request())).userId());
        ConnectionGuard.authenticated(ctx.request());
        ctx.next();
    }
}
