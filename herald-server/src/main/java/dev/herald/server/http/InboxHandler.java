package dev.herald.server.http;

import static dev.herald.server.http.SubscriberReplies.json;
import static dev.herald.server.http.SubscriberReplies.reply;

import dev.herald.core.ErrorCode;
import dev.herald.server.auth.Utf16;
import dev.herald.core.HeraldException;
import dev.herald.core.hub.Hub;
import dev.herald.core.inbox.InboxBulk;
import dev.herald.core.inbox.InboxChange;
import dev.herald.core.inbox.InboxCounts;
import dev.herald.core.inbox.InboxQuery;
import dev.herald.core.inbox.Muted;
import dev.herald.core.inbox.SyncItems;
import dev.herald.core.item.EventId;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The inbox and preferences: {@code /v1/me/...} for the subscriber (their token decides whose inbox),
 * {@code /v1/users/{userId}/notifications} for the publisher. An id that is not the caller's
 * notification is a 404, exactly like an id that does not exist: nothing leaks. Changes are writes
 * like publishes: refused while the node drains, and waited for by a shutdown once accepted.
 */
final class InboxHandler {
    static final int DEFAULT_LIMIT = 20;

    private final Hub hub;
    private final Lifecycle lifecycle;
    private final InFlight inFlight;
    private final RateLimits limits;

    InboxHandler(Hub hub, Lifecycle lifecycle, InFlight inFlight, RateLimits limits) {
        this.hub = hub;
        this.lifecycle = lifecycle;
        this.inFlight = inFlight;
        this.limits = limits;
    }

    void list(RoutingContext ctx) {
        listFor(ctx, ctx.get(SubscriberAuth.USER));
    }

    void listForPublisher(RoutingContext ctx) {
        listFor(ctx, UrlText.userId(ctx.pathParam("userId"), ctx.request().path(), "userId"));
    }

    private void listFor(RoutingContext ctx, String userId) {
        InboxQuery query = query(ctx.request());
        reply(ctx, hub.inbox().list(userId, query), page -> json(ctx, 200, InboxJson.page(page, hub.store().epoch())));
    }

    void unreadCount(RoutingContext ctx) {
        reply(ctx, hub.inbox().unreadCount(ctx.get(SubscriberAuth.USER)),
                n -> json(ctx, 200, Json.string(Map.of("unreadCount", n))));
    }

    /** {"unread","unseen","total","categories":{name:{...}}}: one consistent view, archived excluded. */
    void counts(RoutingContext ctx) {
        reply(ctx, hub.inbox().counts(ctx.get(SubscriberAuth.USER)), counts -> {
            Map<String, Object> out = countsJson(counts.all());
            Map<String, Object> categories = new LinkedHashMap<>();
            counts.categories().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> categories.put(e.getKey(), countsJson(e.getValue())));
            out.put("categories", categories);
            json(ctx, 200, Json.string(out));
        });
    }

    private static Map<String, Object> countsJson(InboxCounts.Counts c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("unread", c.unread());
        out.put("unseen", c.unseen());
        out.put("total", c.total());
        return out;
    }

    void markRead(RoutingContext ctx) {
        long seq = notificationSeq(ctx);
        change(ctx, () -> hub.inbox().markRead(ctx.get(SubscriberAuth.USER), seq));
    }

    void markSeen(RoutingContext ctx) {
        long seq = notificationSeq(ctx);
        change(ctx, () -> hub.inbox().markSeen(ctx.get(SubscriberAuth.USER), seq));
    }

    void markUnread(RoutingContext ctx) {
        long seq = notificationSeq(ctx);
        change(ctx, () -> hub.inbox().markUnread(ctx.get(SubscriberAuth.USER), seq));
    }

    void archive(RoutingContext ctx) {
        long seq = notificationSeq(ctx);
        change(ctx, () -> hub.inbox().archive(ctx.get(SubscriberAuth.USER), seq));
    }

    void unarchive(RoutingContext ctx) {
        long seq = notificationSeq(ctx);
        change(ctx, () -> hub.inbox().unarchive(ctx.get(SubscriberAuth.USER), seq));
    }

    /**
     * An action button pressed: 404 like any other id when the notification has no such action
     * (an action id that could not exist is simply not found).
     */
    void act(RoutingContext ctx) {
        long seq = notificationSeq(ctx);
        String actionId = ctx.pathParam("actionId");
        change(ctx, () -> hub.inbox().act(ctx.get(SubscriberAuth.USER), seq, actionId));
    }

    /** One action on listed ids or on everything a filter covers; {"changed":n}. Bad bodies change nothing. */
    void bulk(RoutingContext ctx) {
        InboxBulk bulk = BulkRequestParser.parse(JsonBody.parse(ctx), hub.store().epoch());
        write(ctx, () -> hub.inbox().bulk(ctx.get(SubscriberAuth.USER), bulk),
                c -> json(ctx, 200, Json.string(Map.of("changed", c.changed()))));
    }

    void markAllRead(RoutingContext ctx) {
        change(ctx, () -> hub.inbox().markAllRead(ctx.get(SubscriberAuth.USER)));
    }

    void delete(RoutingContext ctx) {
        long seq = notificationSeq(ctx);
        change(ctx, () -> hub.inbox().delete(ctx.get(SubscriberAuth.USER), seq));
    }

    void preferences(RoutingContext ctx) {
        reply(ctx, hub.inbox().muted(ctx.get(SubscriberAuth.USER)), muted -> json(ctx, 200, preferencesJson(muted)));
    }

    /** Each list given replaces that list (see {@link PreferencesParser}); the reply is the whole result. */
    void setPreferences(RoutingContext ctx) {
        PreferencesParser.Preferences p = PreferencesParser.parse(JsonBody.parse(ctx));
        write(ctx, () -> hub.inbox().setPreferences(ctx.get(SubscriberAuth.USER), p.mutedTypes(), p.mutedCategories(),
                        p.push()),
                c -> json(ctx, 200, preferencesJson(SyncItems.mutedOf(c.sync()))));
    }

    private static String preferencesJson(Muted muted) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mutedTypes", List.copyOf(muted.types()));
        out.put("mutedCategories", List.copyOf(muted.categories()));
        out.put("push", muted.push());
        return Json.string(out);
    }

    private void change(RoutingContext ctx, Supplier<CompletableFuture<InboxChange>> change) {
        write(ctx, change, c -> {
            if (!c.found()) {
                Errors.send(ctx.response(), ErrorCode.NOT_FOUND, "no such notification in your inbox");
            } else {
                ctx.response().setStatusCode(204).end();
            }
        });
    }

    /**
     * A change: only while the node accepts writes, within the user's write rate, and counted until
     * answered so a shutdown waits.
     */
    private <T> void write(RoutingContext ctx, Supplier<CompletableFuture<T>> change, Consumer<T> onSuccess) {
        SubscriberReplies.write(ctx, lifecycle, inFlight, limits, change, onSuccess);
    }

    /** The notification id in the path; ids from another database are simply not found. */
    private long notificationSeq(RoutingContext ctx) {
        EventId id = EventId.parse(ctx.pathParam("id"));
        if (id == null || !id.epoch().equals(hub.store().epoch())) {
            throw new HeraldException(ErrorCode.NOT_FOUND, "no such notification in your inbox");
        }
        return id.seq();
    }

    private InboxQuery query(HttpServerRequest request) {
        int limit = DEFAULT_LIMIT;
        String l = request.getParam("limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > InboxQuery.MAX_LIMIT) {
                throw Invalid.request("limit must be a whole number 1.." + InboxQuery.MAX_LIMIT);
            }
        }
        long before = 0;
        String b = request.getParam("before");
        if (b != null && !b.isEmpty()) {
            EventId id = EventId.parse(b);
            if (id == null || !id.epoch().equals(hub.store().epoch())) {
                throw Invalid.request("before must be a notification id from this hub (a previous nextBefore)");
            }
            before = id.seq();
        }
        String category = blankAsAbsent(request.getParam("category"));
        if (category != null && !EventNames.isWellFormed(category)) {
            throw Invalid.request("category must match ^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$");
        }
        String tag = blankAsAbsent(request.getParam("tag"));
        if (tag != null && (tag.length() > NotificationExtras.MAX_TAG_LENGTH
                || tag.chars().anyMatch(c -> Utf16.isControl((char) c)))) {
            throw Invalid.request("tag must be 1.." + NotificationExtras.MAX_TAG_LENGTH
                    + " characters without control characters");
        }
        return new InboxQuery(limit, before, flag(request, "unread"), flag(request, "unseen"), flag(request, "archived"),
                category, tag);
    }

    /** An optional true/false parameter; false when absent. */
    private static boolean flag(HttpServerRequest request, String name) {
        String value = request.getParam(name);
        if (value != null && !value.equals("true") && !value.equals("false")) {
            throw Invalid.request(name + " must be true or false");
        }
        return "true".equals(value);
    }

    private static String blankAsAbsent(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
