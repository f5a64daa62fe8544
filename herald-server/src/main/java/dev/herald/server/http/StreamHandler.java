package dev.herald.server.http;

import dev.herald.core.HeraldException;
import dev.herald.core.hub.CloseReason;
import dev.herald.core.hub.Shard;
import dev.herald.core.hub.StreamRequest;
import dev.herald.core.hub.Subscription;
import dev.herald.server.auth.JwtService;
import dev.herald.server.auth.Subject;
import dev.herald.server.config.HeraldConfig;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code GET /v1/stream}: authenticates the subscriber, admits the stream into this event loop's
 * shard, and ends it when its token expires or the client leaves.
 */
final class StreamHandler implements Handler<RoutingContext> {
    private static final int MAX_EVENT_FILTERS = 64;

    private final Vertx vertx;
    private final Shard shard;
    private final JwtService jwt;
    private final HeraldConfig config;
    private final Lifecycle lifecycle;

    StreamHandler(Vertx vertx, Shard shard, JwtService jwt, HeraldConfig config, Lifecycle lifecycle) {
        this.vertx = vertx;
        this.shard = shard;
        this.jwt = jwt;
        this.config = config;
        this.lifecycle = lifecycle;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        Subject subject = jwt.verify(SubscriberToken.from(request));
        lifecycle.checkAccepting();
        StreamRequest streamRequest = new StreamRequest(subject.userId(), eventFilter(request), lastEventId(request));

        Subscription sub;
        try {
            sub = shard.open(streamRequest, new VertxSink(response, config.streamBufferBytes(), config.retryMs(),
                    config.heartbeatMs()));
        } catch (HeraldException e) {
            Errors.send(ctx, e);
            return;
        }
        long expiresIn = Math.max(1, subject.expiresAtMillis() - System.currentTimeMillis());
        long expiryTimer = vertx.setTimer(expiresIn, t -> sub.close(CloseReason.TOKEN_EXPIRED));
        response.closeHandler(v -> {
            vertx.cancelTimer(expiryTimer);
            sub.close(CloseReason.CLIENT_GONE);
        });
        if (response.closed()) {
            vertx.cancelTimer(expiryTimer);
            sub.close(CloseReason.CLIENT_GONE);
        }
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
