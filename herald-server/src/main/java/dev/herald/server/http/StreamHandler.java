package dev.herald.server.http;

import dev.herald.core.HeraldException;
import dev.herald.core.hub.CloseReason;
import dev.herald.core.hub.Hub;
import dev.herald.core.hub.Shard;
import dev.herald.core.hub.StreamRequest;
import dev.herald.core.hub.Subscription;
import dev.herald.server.auth.Subject;
import dev.herald.server.config.HeraldConfig;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /v1/stream}: authenticates the subscriber, takes one of the user's cluster-wide stream
 * slots, admits the stream into this event loop's shard, and ends it when its token expires or the
 * client leaves.
 */
final class StreamHandler implements Handler<RoutingContext> {
    private static final int MAX_EVENT_FILTERS = 64;

    private final Vertx vertx;
    private final Hub hub;
    private final Shard shard;
    private final SubscriberCheck check;
    private final HeraldConfig config;
    private final Lifecycle lifecycle;

    StreamHandler(Vertx vertx, Hub hub, Shard shard, SubscriberCheck check, HeraldConfig config, Lifecycle lifecycle) {
        this.vertx = vertx;
        this.hub = hub;
        this.shard = shard;
        this.check = check;
        this.config = config;
        this.lifecycle = lifecycle;
    }

    @Override
    public void handle(RoutingContext ctx) {
        check.verify(ctx, subject -> admit(ctx, subject));
    }

    private void admit(RoutingContext ctx, Subject subject) {
        HttpServerRequest request = ctx.request();
        lifecycle.checkAccepting();
        // The slot, and for a fresh stream the log's head (its anchor floor), are taken before the
        // client can see `connected`.
        CompletableFuture<StreamRequest> admitted = hub.admit(
                new StreamRequest(subject.userId(), eventFilter(request), lastEventId(request)));
        if (admitted.isDone()) {
            // One node resuming: decided at once, no hop needed.
            open(ctx, subject, admitted);
        } else {
            // The answer arrives on a store reader's or the Redis thread; the shard lives on this event loop.
            Context loop = vertx.getOrCreateContext();
            admitted.whenComplete((v, e) -> loop.runOnContext(x -> open(ctx, subject, admitted)));
        }
    }

    private void open(RoutingContext ctx, Subject subject, CompletableFuture<StreamRequest> admitted) {
        HttpServerResponse response = ctx.response();
        StreamRequest streamRequest;
        try {
            streamRequest = admitted.join();
        } catch (RuntimeException e) {
            if (Errors.unwrap(e) instanceof HeraldException he) {
                Errors.send(ctx, he);
            } else {
                ctx.fail(Errors.unwrap(e));
            }
            return;
        }
        if (response.closed() || lifecycle.isDraining()) {
            // Gone (or the node began draining) while the slot was being taken: give it back.
            hub.cluster().release(subject.userId());
            if (!response.closed()) {
                Errors.send(ctx, new HeraldException(dev.herald.core.ErrorCode.SHUTTING_DOWN,
                        "this node is shutting down; retry on another node or shortly"));
            }
            return;
        }
        Subscription sub;
        try {
            VertxSink sink = new VertxSink(response, RawStreamWriter.of(ctx.request()), config.streamBufferBytes(),
                    config.retryMs(), config.heartbeatMs(), hub.nodeId());
            sub = shard.open(streamRequest, sink);
        } catch (HeraldException e) {
            Errors.send(ctx, e);
            return;
        }
        forgetRequest(ctx.request(), response);
        // The verticle's expiry sweep (HttpVerticle) ends it when the token runs out.
        sub.expireAt(subject.expiresAtMillis());
        response.closeHandler(v -> sub.close(CloseReason.CLIENT_GONE));
        if (response.closed()) {
            sub.close(CloseReason.CLIENT_GONE);
        }
    }

    /**
     * A stream lives for hours and Vert.x keeps its request and response objects for that long,
     * with their header and parameter maps: about 700 bytes per idle stream in the bench, more
     * with a browser's cookies. Nothing reads them once the stream is open (the response head is
     * written, keep-alive was decided when the request arrived), so their entries are dropped.
     */
    private static void forgetRequest(HttpServerRequest request, HttpServerResponse response) {
        if (!response.headWritten()) {
            return;
        }
        request.headers().clear();
        request.params().clear();
        response.headers().clear();
    }

    /** {@code ?events=a,b}: only these event names; null means everything. */
    private static Set<String> eventFilter(HttpServerRequest request) {
        String param = request.getParam("events");
        if (param == null) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : param.split(",", -1)) {
            String n = name.trim();
            if (!EventNames.isWellFormed(n)) {
                throw Invalid.request("events must be a comma-separated list of event names");
            }
            names.add(n);
        }
        if (names.size() > MAX_EVENT_FILTERS) {
            throw Invalid.request("events may name at most " + MAX_EVENT_FILTERS + " event names");
        }
        return names;
    }

    /** The browser's {@code Last-Event-ID} header, or {@code ?lastEventId=} for clients that cannot set it. */
    private static String lastEventId(HttpServerRequest request) {
        String id = request.getHeader("Last-Event-ID");
        if (id == null || id.isEmpty()) {
            id = request.getParam("lastEventId");
        }
        return id == null || id.isEmpty() ? null : id;
    }
}
