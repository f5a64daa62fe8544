package dev.herald.server.http;

import static dev.herald.server.http.SubscriberReplies.json;
import static dev.herald.server.http.SubscriberReplies.reply;

import dev.herald.core.hub.Hub;
import dev.herald.core.inbox.SyncItems;
import dev.herald.core.push.PushSubscription;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code /v1/me/push-subscriptions}: the caller's browsers that may receive Web Push. Keys are never
 * echoed back (the list shows endpoints and times): they are the user's, and a leaked token should
 * not hand out the means to read their pushes. Saves and deletes are subscriber writes (drained on
 * shutdown, rate-limited like the other /v1/me writes).
 */
final class PushSubscriptionsHandler {
    /** Browsers a user may keep subscribed at once; past it a new one replaces the oldest. */
    static final int MAX_PER_USER = 20;

    private final Hub hub;
    private final PushSubscriptionParser parser;
    private final Lifecycle lifecycle;
    private final InFlight inFlight;
    private final RateLimits limits;

    PushSubscriptionsHandler(Hub hub, PushSubscriptionParser parser, Lifecycle lifecycle, InFlight inFlight,
                             RateLimits limits) {
        this.hub = hub;
        this.parser = parser;
        this.lifecycle = lifecycle;
        this.inFlight = inFlight;
        this.limits = limits;
    }

    void save(RoutingContext ctx) {
        PushSubscription s = parser.parse(JsonBody.parse(ctx), ctx.get(SubscriberAuth.USER), System.currentTimeMillis());
        write(ctx, () -> hub.store().savePushSubscription(s, MAX_PER_USER),
                saved -> json(ctx, 201, Json.string(view(saved))));
    }

    void list(RoutingContext ctx) {
        reply(ctx, hub.store().pushSubscriptions(ctx.get(SubscriberAuth.USER)),
                subs -> json(ctx, 200, Json.string(Map.of("items", subs.stream().map(PushSubscriptionsHandler::view).toList()))));
    }

    /** 204 whether or not the user had it: the end state is what the caller asked for. */
    void delete(RoutingContext ctx) {
        List<String> given = ctx.queryParam("endpoint");
        if (given.size() != 1 || given.get(0).isEmpty()) {
            throw Invalid.request("give the subscription's endpoint once, URL-encoded: ?endpoint=...");
        }
        String endpoint = given.get(0);
        write(ctx, () -> hub.store().deletePushSubscription(ctx.get(SubscriberAuth.USER), endpoint),
                deleted -> ctx.response().setStatusCode(204).end());
    }

    private static Map<String, Object> view(PushSubscription s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("endpoint", s.endpoint());
        out.put("createdAt", SyncItems.time(s.createdAtMillis()));
        return out;
    }

    private <T> void write(RoutingContext ctx, Supplier<CompletableFuture<T>> change, Consumer<T> onSuccess) {
        SubscriberReplies.write(ctx, lifecycle, inFlight, limits, change, onSuccess);
    }
}
