package dev.herald.server.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * Lets a request through only with a valid subscriber token; remembers whose it is. Runs before the
 * body is read, like {@link PublisherAuth}; when the token's key must first be fetched from the
 * identity provider, the request waits paused (see {@link SubscriberCheck}).
 */
final class SubscriberAuth implements SecurityPolicyHandler {
    static final String USER = "herald.user";

    private final SubscriberCheck check;

    SubscriberAuth(SubscriberCheck check) {
        this.check = check;
    }

    @Override
    public void handle(RoutingContext ctx) {
        check.verify(ctx, subject -> {
            ctx.put(USER, subject.userId());
            ctx.next();
        });
    }
}
