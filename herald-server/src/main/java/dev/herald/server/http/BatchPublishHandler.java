package dev.herald.server.http;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.hub.Hub;
import dev.herald.core.item.NewItem;
import dev.herald.core.store.Appended;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/notifications/batch}: validates every notification, appends them all with one
 * store call (one transaction: all or nothing, consecutive numbers in the given order), then answers
 * 202 with one entry per notification. Batching is what lets a backend publish tens of thousands of
 * notifications a second: one request, one parse, one commit for up to 1000 items.
 */
final class BatchPublishHandler {
    private final Hub hub;
    private final BatchParser parser;
    private final Lifecycle lifecycle;
    private final InFlight inFlight;
    private final RateLimits limits;

    BatchPublishHandler(Hub hub, BatchParser parser, Lifecycle lifecycle, InFlight inFlight, RateLimits limits) {
        this.hub = hub;
        this.parser = parser;
        this.lifecycle = lifecycle;
        this.inFlight = inFlight;
        this.limits = limits;
    }

    void handle(RoutingContext ctx) {
        List<PublishParser.Parsed> parsed = inFlight.enter(lifecycle, () -> parser.notifications(JsonBody.parse(ctx),
                ctx.get(PublisherAuth.PUBLISHER), hub.presence()::users));
        List<NewItem> items = new ArrayList<>(parsed.size());
        for (PublishParser.Parsed p : parsed) {
            items.add(p.item());
        }
        // One call, never one per element: the store makes one append call one transaction. The
        // publisher's rate counts every item of it.
        CompletableFuture<List<Appended>> published = limits.publish(ctx, items.size(), () -> hub.publish(items));
        published = BodyBudget.holdUntil(ctx, published);
        Future.fromCompletionStage(published, ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            inFlight.end();
            if (ar.failed()) {
                PublishHandler.fail(ctx, ar.cause());
                return;
            }
            ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                    .end(Json.string(Map.of("items", entries(parsed, ar.result()))));
        });
    }

    /**
     * One entry per element, in order. A repeat (its key seen before, or earlier in this batch) gets
     * the first publish's id and recipients and {@code "replayed":true}: the single endpoint's
     * Idempotent-Replayed header cannot say which elements were repeats.
     */
    private static List<Map<String, Object>> entries(List<PublishParser.Parsed> parsed, List<Appended> appended) {
        List<Map<String, Object>> out = new ArrayList<>(appended.size());
        for (int i = 0; i < appended.size(); i++) {
            Appended a = appended.get(i);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", a.item().id());
            entry.put("recipients", a.duplicate() ? a.recipients() : parsed.get(i).recipients());
            if (a.digest() != null) {
                entry.put("digested", a.mergedIntoDigest());
                entry.put("count", a.digest().count());
            }
            if (a.duplicate()) {
                entry.put("replayed", true);
            }
            out.add(entry);
        }
        return out;
    }

    /** The router-wide 413 message names the 64 KiB limit of the other routes; this route allows 1 MiB. */
    static void onFailure(RoutingContext ctx) {
        if (ctx.statusCode() == 413 && !(ctx.failure() instanceof HeraldException)) {
            Errors.send(ctx.response(), ErrorCode.PAYLOAD_TOO_LARGE, "the body is larger than 1 MiB");
        } else {
            ctx.next();
        }
    }
}
