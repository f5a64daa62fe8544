package dev.herald.server.http;

import dev.herald.core.HeraldException;
import dev.herald.core.hub.Hub;
import dev.herald.core.store.Appended;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@code POST /v1/notifications} and {@code POST /v1/events}: validate the whole body, append it
 * durably, then answer 202. The reply is sent only after the store has the item, so an
 * acknowledged publish is never lost.
 */
final class PublishHandler {

    private final Hub hub;
    private final PublishParser parser;
    private final Lifecycle lifecycle;
    private final InFlight inFlight;
    private final RateLimits limits;

    PublishHandler(Hub hub, PublishParser parser, Lifecycle lifecycle, InFlight inFlight, RateLimits limits) {
        this.hub = hub;
        this.parser = parser;
        this.lifecycle = lifecycle;
        this.inFlight = inFlight;
        this.limits = limits;
    }

    void notification(RoutingContext ctx) {
        publish(ctx, () -> parser.notification(JsonBody.parse(ctx), ctx.get(PublisherAuth.PUBLISHER),
                hub.presence()::users), true);
    }

    void event(RoutingContext ctx) {
        publish(ctx, () -> parser.event(JsonBody.parse(ctx), ctx.get(PublisherAuth.PUBLISHER),
                hub.presence()::users), false);
    }

    private void publish(RoutingContext ctx, Supplier<PublishParser.Parsed> parse, boolean withRecipients) {
        PublishParser.Parsed parsed = inFlight.enter(lifecycle, parse);
        Context context = ctx.vertx().getOrCreateContext();
        CompletableFuture<List<Appended>> published = limits.publish(ctx, 1, () -> hub.publish(List.of(parsed.item())));
        published = BodyBudget.holdUntil(ctx, published);
        Future.fromCompletionStage(published, context).onComplete(ar -> {
            inFlight.end();
            if (ar.failed()) {
                fail(ctx, ar.cause());
                return;
            }
            Appended appended = ar.result().get(0);
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("id", appended.item().id());
            if (withRecipients) {
                reply.put("recipients", appended.duplicate() ? appended.recipients() : parsed.recipients());
            }
            if (appended.digest() != null) {
                // Which item it went to is the id; whether it merged, and the digest's count now.
                reply.put("digested", appended.mergedIntoDigest());
                reply.put("count", appended.digest().count());
            }
            if (appended.duplicate()) {
                ctx.response().putHeader("Idempotent-Replayed", "true");
            }
            ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json").end(Json.string(reply));
        });
    }

    /**
     * A failed append as the client sees it; shared with the batch route so both answer alike. The
     * store answers its own failures as {@link HeraldException}s; anything else (a JVM error, a bug)
     * goes to the router's failure handler: 500, logged, and a JVM error reported as one. Nothing of
     * a failed append is stored either way (its transaction was rolled back).
     */
    static void fail(RoutingContext ctx, Throwable cause) {
        Throwable c = Errors.unwrap(cause);
        if (c instanceof HeraldException he) {
            Errors.send(ctx, he);
        } else {
            ctx.fail(c);
        }
    }
}
