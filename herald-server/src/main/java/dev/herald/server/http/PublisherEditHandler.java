package dev.herald.server.http;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.hub.Hub;
import dev.herald.core.hub.PublisherEdits;
import dev.herald.core.item.EventId;
import dev.herald.core.store.PublisherChange;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code PATCH /v1/notifications/{id}} (edit) and {@code DELETE /v1/notifications/{id}} (retract),
 * for the publisher. Both are writes like a publish: validated whole first, within the publisher's
 * publish rate (each appends one item), refused while the node drains and waited for by a shutdown.
 * An id that names no live notification (unknown, from another database, an event or sync item,
 * expired, or retracted for an edit) is a 404.
 */
final class PublisherEditHandler {
    private final PublisherEdits edits;
    private final Hub hub;
    private final Lifecycle lifecycle;
    private final InFlight inFlight;
    private final RateLimits limits;

    PublisherEditHandler(Hub hub, Lifecycle lifecycle, InFlight inFlight, RateLimits limits) {
        this.hub = hub;
        this.edits = new PublisherEdits(hub);
        this.lifecycle = lifecycle;
        this.inFlight = inFlight;
        this.limits = limits;
    }

    /** 200 with the whole new notification: the data a {@code notification} event of it carries. */
    void edit(RoutingContext ctx) {
        write(ctx, () -> {
            long seq = notificationSeq(ctx);
            NotificationPatch patch = NotificationPatch.parse(JsonBody.parse(ctx));
            return () -> edits.edit(seq, patch);
        }, c -> ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                .end(c.notification().dataJson()));
    }

    /** 204, also when it was retracted before (no second event then). */
    void retract(RoutingContext ctx) {
        write(ctx, () -> {
            long seq = notificationSeq(ctx);
            return () -> edits.retract(seq);
        }, c -> ctx.response().setStatusCode(204).end());
    }

    /**
     * In the order a publish checks: drain state first, then the id and the body ({@code accept},
     * which throws for a bad one: nothing is written), then the rate limit, then the store.
     */
    private void write(RoutingContext ctx, Supplier<Supplier<CompletableFuture<PublisherChange>>> accept,
                       Consumer<PublisherChange> onFound) {
        Supplier<CompletableFuture<PublisherChange>> change = inFlight.enter(lifecycle, accept);
        CompletableFuture<PublisherChange> result = limits.publish(ctx, 1, change);
        result = BodyBudget.holdUntil(ctx, result);
        Future.fromCompletionStage(result.whenComplete((c, err) -> inFlight.end()), ctx.vertx().getOrCreateContext())
                .onComplete(ar -> {
                    if (ar.failed()) {
                        PublishHandler.fail(ctx, ar.cause());
                    } else if (!ar.result().found()) {
                        Errors.send(ctx.response(), ErrorCode.NOT_FOUND, "no such notification");
                    } else {
                        onFound.accept(ar.result());
                    }
                });
    }

    /** The notification id in the path; ids from another database are simply not found. */
    private long notificationSeq(RoutingContext ctx) {
        EventId id = EventId.parse(ctx.pathParam("id"));
        if (id == null || !id.epoch().equals(hub.store().epoch())) {
            throw new HeraldException(ErrorCode.NOT_FOUND, "no such notification");
        }
        return id.seq();
    }
}
