package dev.herald.server.http;

import dev.herald.core.ErrorCode;
import dev.herald.core.hub.CloseReason;
import dev.herald.core.hub.Hub;
import dev.herald.core.hub.JvmErrors;
import dev.herald.core.hub.Shard;
import dev.herald.core.limit.RateLimiter;
import dev.herald.core.sse.Frame;
import dev.herald.core.sse.SseFrames;
import dev.herald.server.auth.ApiKeys;
import dev.herald.server.auth.JwtService;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.config.HttpLimits;
import dev.herald.server.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's HTTP server: its own shard of streams, its own router, its own heartbeat timer.
 * Several instances share the listening port; the kernel spreads connections over them.
 */
public final class HttpVerticle extends VerticleBase {
    private static final Frame HEARTBEAT = Frame.of(SseFrames.HEARTBEAT);
    static final long EXPIRY_SWEEP_MS = 1000;

    private final Hub hub;
    private final HeraldConfig config;
    private final int port;
    private final JwtService jwt;
    private final ApiKeys apiKeys;
    private final Metrics metrics;
    private final Lifecycle lifecycle;
    private final InFlight inFlight;
    private final ByteBudget byteBudget;
    private final RateLimiter rateLimiter;
    private Shard shard;
    private HttpServer server;
    private Router router;
    private long heartbeatTimer = -1;
    private long expiryTimer = -1;

    public HttpVerticle(Hub hub, HeraldConfig config, int port, JwtService jwt, ApiKeys apiKeys, Metrics metrics,
                        Lifecycle lifecycle, InFlight inFlight, ByteBudget byteBudget, RateLimiter rateLimiter) {
        this.hub = hub;
        this.config = config;
        this.port = port;
        this.jwt = jwt;
        this.apiKeys = apiKeys;
        this.metrics = metrics;
        this.lifecycle = lifecycle;
        this.inFlight = inFlight;
        this.rateLimiter = rateLimiter;
        this.byteBudget = byteBudget;
    }

    @Override
    public Future<?> start() {
        shard = hub.newShard(task -> context.runOnContext(v -> task.run()));
        heartbeatTimer = vertx.setPeriodic(config.heartbeatMs(), id -> shard.heartbeat(HEARTBEAT));
        // Token expiry has a resolution of one second (a JWT's exp is in seconds): one sweep of the
        // shard per second instead of a timer per stream.
        expiryTimer = vertx.setPeriodic(EXPIRY_SWEEP_MS, id -> shard.expire(System.currentTimeMillis()));
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(port)
                .setTcpNoDelay(true)
                // HTTP/1.1 only: browsers' EventSource never speaks cleartext HTTP/2, and one protocol
                // keeps the per-stream buffer bound exact. TLS and HTTP/2 belong to the proxy in front.
                .setHttp2ClearTextEnabled(false)
                // Not Vert.x's idle timeout, which would cut quiet streams too: ConnectionGuard times out
                // only connections that wait for a request or a body.
                .setIdleTimeout(0)
                // Every response is written on its own event loop (streams by their shard, replies after
                // a hop back to the request's context), so Vert.x can write straight to the channel:
                // no per-connection cross-thread queue (about 4 KB per idle stream) and no hop per write.
                .setStrictThreadMode(true)
                // No WebSocket here: without these the pipeline keeps two compression handshakers per
                // connection for nothing.
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false);
        HttpLimits limits = config.httpLimits();
        // Each loop guards its own connections, with its share of the node's bound.
        int perLoop = (limits.maxUnauthenticatedConnections() + config.eventLoops() - 1) / config.eventLoops();
        ConnectionGuard guard = new ConnectionGuard(options, limits.headerTimeoutMs(), limits.idleTimeoutMs(), perLoop);
        server = vertx.createHttpServer(options)
                .connectionHandler(guard::attach)
                .invalidRequestHandler(MalformedRequests::answer)
                .requestHandler(router = router());
        return server.listen();
    }

    /** The port actually bound (useful when the configured port was 0). */
    public int actualPort() {
        return server.actualPort();
    }

    /**
     * The routes this loop serves, as {@code "GET /v1/users/:userId/presence"}, one per method, in
     * registration order; the web files' pattern route as {@code "* ~<regex>"}. The contract test
     * compares them with docs/openapi.yaml.
     */
    public List<String> routes() {
        List<String> out = new ArrayList<>();
        for (io.vertx.ext.web.Route route : router.getRoutes()) {
            // A path with :params is a regex route to Vert.x too, but keeps its path.
            if (route.getPath() != null && route.methods() != null) {
                route.methods().forEach(m -> out.add(m.name() + " " + route.getPath()));
            } else if (route.isRegexPath()) {
                out.add("* ~" + WebAssets.PATH);
            }
        }
        return out;
    }

    private Router router() {
        // Credentials first, then the node's byte budget, then the body: a client without them never
        // makes the node buffer a byte, and a body past the budget is refused before it is read.
        Router router = Router.router(vertx);
        if (!config.corsOrigins().isEmpty()) {
            router.route().handler(new Cors(config.corsOrigins()));
        }
        PublisherAuth publisher = new PublisherAuth(apiKeys);
        Handler<RoutingContext> json = JsonBody.requireJsonContentType();
        BodyHandler body = BodyHandler.create(false).setBodyLimit(JsonBody.MAX_BYTES);
        BodyBudget budget = new BodyBudget(byteBudget, JsonBody.MAX_BYTES);
        PublishParser publishParser = new PublishParser(config.notificationTtl(), config.eventRetention());
        RateLimits limits = new RateLimits(rateLimiter, config.rates(), metrics);
        PublishHandler publish = new PublishHandler(hub, publishParser, lifecycle, inFlight, limits);
        // The batch route alone takes up to 1 MiB; every other body stays within 64 KiB.
        BodyHandler batchBody = BodyHandler.create(false).setBodyLimit(JsonBody.MAX_BATCH_BYTES);
        BodyBudget batchBudget = new BodyBudget(byteBudget, JsonBody.MAX_BATCH_BYTES);
        BatchPublishHandler batch = new BatchPublishHandler(hub, new BatchParser(publishParser), lifecycle, inFlight,
                limits);
        OpsHandler ops = new OpsHandler(hub, jwt, metrics, lifecycle);
        SubscriberCheck subscriberCheck = new SubscriberCheck(jwt);
        SubscriberAuth subscriber = new SubscriberAuth(subscriberCheck);
        InboxHandler inbox = new InboxHandler(hub, lifecycle, inFlight, limits);
        PublisherEditHandler edits = new PublisherEditHandler(hub, lifecycle, inFlight, limits);
        PushSubscriptionsHandler pushSubscriptions = new PushSubscriptionsHandler(hub,
                new PushSubscriptionParser(config.pushAllowedHttpHosts()), lifecycle, inFlight, limits);

        WebAssets web = new WebAssets();
        DevTokens devTokens = new DevTokens(jwt, config.devMode());
        OpenApiDocument openApi = new OpenApiDocument();

        router.get("/health").handler(ops::health);
        router.get("/v1/openapi.json").handler(openApi::serve);
        // The hub's own pages: the notification center, the dashboard, the browser client.
        router.get("/").handler(ctx -> web.serve(ctx, "index.html"));
        router.get("/admin").handler(ctx -> web.serve(ctx, "admin.html"));
        router.get("/dev/token").handler(devTokens::handle);
        router.get("/v1/push/vapid-public-key").handler(new VapidKeyHandler(config.vapid().publicKeyText())::handle);
        router.get("/v1/stream").handler(new StreamHandler(vertx, hub, shard, subscriberCheck, config, lifecycle));
        router.post("/v1/notifications").handler(publisher).handler(budget).handler(body).handler(json)
                .handler(publish::notification);
        router.post("/v1/notifications/batch").handler(publisher).handler(batchBudget).handler(batchBody).handler(json)
                .handler(batch::handle).failureHandler(BatchPublishHandler::onFailure);
        router.patch("/v1/notifications/:id").handler(publisher).handler(budget).handler(body).handler(json)
                .handler(edits::edit);
        router.delete("/v1/notifications/:id").handler(publisher).handler(edits::retract);
        router.post("/v1/events").handler(publisher).handler(budget).handler(body).handler(json).handler(publish::event);
        router.get("/v1/stats").handler(publisher).handler(ops::stats);
        router.get("/v1/users/:userId/presence").handler(publisher).handler(ops::presence);
        router.get("/v1/presence").handler(publisher).handler(ops::online);
        router.post("/v1/tokens").handler(publisher).handler(budget).handler(body).handler(json).handler(ops::mintToken);
        router.get("/metrics").handler(publisher).handler(ops::metrics);
        router.get("/v1/users/:userId/notifications").handler(publisher).handler(inbox::listForPublisher);

        router.get("/v1/me/notifications").handler(subscriber).handler(inbox::list);
        router.get("/v1/me/notifications/unread-count").handler(subscriber).handler(inbox::unreadCount);
        router.get("/v1/me/notifications/counts").handler(subscriber).handler(inbox::counts);
        router.post("/v1/me/notifications/read-all").handler(subscriber).handler(inbox::markAllRead);
        router.post("/v1/me/notifications/:id/read").handler(subscriber).handler(inbox::markRead);
        router.post("/v1/me/notifications/:id/seen").handler(subscriber).handler(inbox::markSeen);
        router.post("/v1/me/notifications/:id/unread").handler(subscriber).handler(inbox::markUnread);
        router.post("/v1/me/notifications/:id/archive").handler(subscriber).handler(inbox::archive);
        router.post("/v1/me/notifications/:id/unarchive").handler(subscriber).handler(inbox::unarchive);
        router.post("/v1/me/notifications/:id/actions/:actionId").handler(subscriber).handler(inbox::act);
        router.post("/v1/me/notifications/bulk").handler(subscriber).handler(budget).handler(body).handler(json)
                .handler(inbox::bulk);
        router.delete("/v1/me/notifications/:id").handler(subscriber).handler(inbox::delete);
        router.get("/v1/me/preferences").handler(subscriber).handler(inbox::preferences);
        router.put("/v1/me/preferences").handler(subscriber).handler(budget).handler(body).handler(json)
                .handler(inbox::setPreferences);
        router.post("/v1/me/push-subscriptions").handler(subscriber).handler(budget).handler(body).handler(json)
                .handler(pushSubscriptions::save);
        router.get("/v1/me/push-subscriptions").handler(subscriber).handler(pushSubscriptions::list);
        router.delete("/v1/me/push-subscriptions").handler(subscriber).handler(pushSubscriptions::delete);

        // Last: any other single segment shaped like a file name may be one of the web files (center.js,
        // admin.css, ...); every method comes here, so a file that does not exist is 404 whatever the method.
        router.routeWithRegex(WebAssets.PATH).handler(ctx -> web.serve(ctx, ctx.pathParam("param0")));

        Handler<RoutingContext> onFailure = this::onFailure;
        router.route().failureHandler(onFailure);
        router.errorHandler(400, ctx -> Errors.send(ctx.response(), ErrorCode.INVALID_REQUEST,
                "the request is malformed (for example a bad %-escape in the path or query)"));
        router.errorHandler(404, ctx -> Errors.send(ctx.response(), ErrorCode.NOT_FOUND, "no such resource"));
        router.errorHandler(405, ctx -> Errors.send(ctx.response(), ErrorCode.METHOD_NOT_ALLOWED,
                "this resource does not allow " + ctx.request().method()));
        router.errorHandler(500, onFailure);
        return router;
    }

    /** A JVM error is answered like any unexpected failure, but reported as what it is (and kept for /health). */
    private void onFailure(RoutingContext ctx) {
        Error error = JvmErrors.asError(ctx.failure());
        if (error == null) {
            Errors.onFailure(ctx);
            return;
        }
        hub.jvmErrors().record(error, ctx.request().method() + " " + ctx.request().path());
        Errors.send(ctx.response(), ErrorCode.INTERNAL_ERROR, "internal error");
    }

    /** Ends this loop's streams, then lets in-flight requests finish before the socket closes. */
    @Override
    public Future<?> stop() {
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        if (expiryTimer >= 0) {
            vertx.cancelTimer(expiryTimer);
        }
        if (shard != null) {
            shard.closeAll(CloseReason.SHUTDOWN);
            hub.removeShard(shard);
        }
        return server == null ? Future.succeededFuture()
                : server.shutdown(config.shutdownGraceMs(), TimeUnit.MILLISECONDS);
    }
}
