package dev.herald.server.http;

import dev.herald.core.HeraldException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How the subscriber's routes (inbox, preferences, push subscriptions) run a write and answer, in
 * one place so they refuse, limit and reply alike.
 */
final class SubscriberReplies {
    private SubscriberReplies() {
    }

    /**
     * A write: refused while draining or over the node's in-flight budget, rate limited per user, the
     * request body held until it completes, answered on the request's event loop.
     */
    static <T> void write(RoutingContext ctx, Lifecycle lifecycle, InFlight inFlight, RateLimits limits,
                          Supplier<CompletableFuture<T>> change, Consumer<T> onSuccess) {
        CompletableFuture<T> result = inFlight.enter(lifecycle, () -> limits.subscriberWrite(ctx, change));
        result = BodyBudget.holdUntil(ctx, result);
        reply(ctx, result.whenComplete((c, err) -> inFlight.end()), onSuccess);
    }

    /** Answers on the request's event loop: a catalogue error as its JSON body, anything else as a 500. */
    static <T> void reply(RoutingContext ctx, CompletableFuture<T> result, Consumer<T> onSuccess) {
        Future.fromCompletionStage(result, ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            if (ar.succeeded()) {
                onSuccess.accept(ar.result());
                return;
            }
            Throwable c = Errors.unwrap(ar.cause());
            if (c instanceof HeraldException he) {
                Errors.send(ctx, he);
            } else {
                ctx.fail(c);
            }
        });
    }

    /** A JSON answer that no cache keeps (it is one user's). */
    static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body);
    }
}
