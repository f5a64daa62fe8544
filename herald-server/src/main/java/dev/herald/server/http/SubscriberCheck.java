package dev.herald.server.http;

import dev.herald.core.HeraldException;
import dev.herald.server.auth.JwtService;
import dev.herald.server.auth.Subject;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Consumer;

/**
 * Checks a subscriber's token, then goes on with the request on its event loop. Almost always at once
 * (the hub's own HS256 tokens, and an identity provider's whose key is cached); a provider's token whose
 * key must be fetched first is verified on a worker while the request waits, paused, so that a body
 * (a {@code PUT /v1/me/preferences}) stays unread until the token is known good: credentials before body.
 */
final class SubscriberCheck {
    private final JwtService jwt;

    SubscriberCheck(JwtService jwt) {
        this.jwt = jwt;
    }

    /**
     * Calls {@code then} with the verified subject on the request's event loop, after marking the
     * connection authenticated; a bad token is answered with its 401 here (or thrown, when known at once).
     */
    void verify(RoutingContext ctx, Consumer<Subject> then) {
        HttpServerRequest request = ctx.request();
        String token = SubscriberToken.from(request);
        Subject now = jwt.verifyNow(token);
        if (now != null) {
            ConnectionGuard.authenticated(request);
            then.accept(now);
            return;
        }
        boolean paused = !request.isEnded();
        if (paused) {
            request.pause();
        }
        Context loop = ctx.vertx().getOrCreateContext();
        jwt.verifyLater(token).whenComplete((subject, failure) -> loop.runOnContext(v -> {
            // As Vert.x-web's own authentication handlers do: resume, then hand on at once, in this
            // same turn of the loop, so the body handler that follows is in place before any byte flows.
            if (paused && !request.isEnded()) {
                request.resume();
            }
            if (ctx.response().closed() || ctx.response().ended()) {
                return;
            }
            if (failure != null) {
                Throwable cause = Errors.unwrap(failure);
                if (cause instanceof HeraldException he) {
                    Errors.send(ctx, he);
                } else {
                    ctx.fail(cause);
                }
                return;
            }
            ConnectionGuard.authenticated(request);
            try {
                then.accept(subject);
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        }));
    }
}
