package dev.herald.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.cluster.ClusterView;
import dev.herald.core.cluster.NodeReport;
import dev.herald.core.hub.Hub;
import dev.herald.core.ingest.IngestStats;
import dev.herald.core.push.PushMetrics;
import dev.herald.server.auth.JwtService;
import dev.herald.server.auth.UserIds;
import dev.herald.server.metrics.Metrics;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The operator's endpoints: stats, presence, token minting, health and metrics. Stats and presence
 * are cluster-wide (other nodes' figures are at most about a second old).
 */
final class OpsHandler {
    static final long MAX_TOKEN_TTL_SECONDS = 30L * 24 * 3600;
    static final int MAX_ONLINE_LIMIT = 1000;
    private static final long DEFAULT_TOKEN_TTL_SECONDS = 3600;

    private final Hub hub;
    private final JwtService jwt;
    private static final Set<String> TOKEN_FIELDS = Set.of("userId", "ttlSeconds");

    private final Metrics metrics;
    private final Lifecycle lifecycle;
    /** How long /health waits for the store to answer before calling it unavailable. */
    private static final long STORE_PROBE_MS = 1000;

    OpsHandler(Hub hub, JwtService jwt, Metrics metrics, Lifecycle lifecycle) {
        this.hub = hub;
        this.jwt = jwt;
        this.metrics = metrics;
        this.lifecycle = lifecycle;
    }

    void stats(RoutingContext ctx) {
        reply(ctx, hub.clusterView(), view -> {
            NodeReport self = view.nodes().get(0);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("nodeId", self.nodeId());
            out.put("connections", view.connections());
            out.put("users", view.users());
            out.put("uptimeSeconds", self.uptimeSeconds());
            out.put("published", view.sum(NodeReport::published));
            out.put("delivered", view.sum(NodeReport::delivered));
            out.put("replayed", view.sum(NodeReport::replayed));
            out.put("resets", view.sum(NodeReport::resets));
            out.put("slowStreamsDropped", view.sum(NodeReport::slowStreamsDropped));
            out.put("replayOverflows", view.sum(NodeReport::replayOverflows));
            out.put("publishToWriteP50Ms", millis(self.publishToWriteP50Ms()));
            out.put("publishToWriteP99Ms", millis(self.publishToWriteP99Ms()));
            out.put("connectionsPerEventLoop", hub.shardSizes());
            out.put("clusterViewComplete", view.complete());
            if (metrics.push() != null) {
                out.put("push", pushFigures(metrics.push()));
            }
            if (!metrics.ingest().isEmpty()) {
                out.put("ingest", ingestFigures(metrics.ingest()));
            }
            out.put("nodes", nodes(view));
            return out;
        });
    }

    private static List<Map<String, Object>> nodes(ClusterView view) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (NodeReport r : view.nodes()) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("nodeId", r.nodeId());
            n.put("connections", r.connections());
            n.put("users", r.users());
            n.put("uptimeSeconds", r.uptimeSeconds());
            n.put("published", r.published());
            n.put("delivered", r.delivered());
            n.put("replayed", r.replayed());
            n.put("resets", r.resets());
            n.put("slowStreamsDropped", r.slowStreamsDropped());
            n.put("replayOverflows", r.replayOverflows());
            n.put("publishToWriteP50Ms", millis(r.publishToWriteP50Ms()));
            n.put("publishToWriteP99Ms", millis(r.publishToWriteP99Ms()));
            nodes.add(n);
        }
        return nodes;
    }

    /** A latency in ms to three decimals, or null when none was measured (JSON has no NaN). */
    private static Double millis(double ms) {
        return Double.isNaN(ms) ? null : Math.round(ms * 1000) / 1000.0;
    }

    /** {@code GET /v1/presence?limit=}: who is online, most streams first (on every node). */
    void online(RoutingContext ctx) {
        String limitParam = ctx.request().getParam("limit");
        int limit = 50;
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_ONLINE_LIMIT) {
                throw Invalid.request("limit must be a whole number 1.." + MAX_ONLINE_LIMIT);
            }
        }
        reply(ctx, hub.onlineUsers(limit), online -> {
            List<Map<String, Object>> users = new ArrayList<>();
            online.top().forEach(u -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("userId", u.userId());
                entry.put("connections", u.connections());
                users.add(entry);
            });
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("users", users);
            out.put("total", online.total());
            out.put("complete", online.complete());
            return out;
        });
    }

    void presence(RoutingContext ctx) {
        String userId = UrlText.userId(ctx.pathParam("userId"), ctx.request().path(), "userId");
        reply(ctx, hub.connections(userId), n -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("userId", userId);
            out.put("connections", n);
            out.put("online", n > 0);
            return out;
        });
    }

    void mintToken(RoutingContext ctx) {
        JsonNode body = JsonBody.object(JsonBody.parse(ctx), TOKEN_FIELDS);
        JsonNode user = body.get("userId");
        if (user == null || !user.isTextual() || !UserIds.isValid(user.asText())) {
            throw Invalid.field("userId is required: 1..256 characters of text without control characters");
        }
        long ttl = DEFAULT_TOKEN_TTL_SECONDS;
        JsonNode ttlNode = body.get("ttlSeconds");
        if (ttlNode != null && !ttlNode.isNull()) {
            // canConvertToLong first: asLong() of 2^64 + 1 is 1, a TTL nobody asked for.
            if (!ttlNode.isIntegralNumber() || !ttlNode.canConvertToLong() || ttlNode.asLong() < 1
                    || ttlNode.asLong() > MAX_TOKEN_TTL_SECONDS) {
                throw Invalid.field("ttlSeconds must be a whole number 1.." + MAX_TOKEN_TTL_SECONDS);
            }
            ttl = ttlNode.asLong();
        }
        JwtService.Minted minted = jwt.mintWithExpiry(user.asText(), Duration.ofSeconds(ttl));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token", minted.token());
        out.put("userId", user.asText());
        out.put("expiresAt", Instant.ofEpochMilli(minted.expiresAtMillis()).toString());
        ctx.response().putHeader("Cache-Control", "no-store");
        json(ctx, 201, out);
    }

    /**
     * 200 "ok"; 200 "degraded" while the store cannot take writes or does not answer, or the cluster
     * link is down (the node still serves what it can, and every node would be equally affected by a
     * shared outage), or once the node hit a JVM error (until it is restarted); 503 "draining" once it
     * stops accepting work, so load balancers move traffic elsewhere. {@code reasons} says in short
     * lines what is not well.
     */
    void health(RoutingContext ctx) {
        boolean draining = lifecycle.isDraining();
        CompletableFuture<Boolean> readable = hub.store().bounds()
                .orTimeout(STORE_PROBE_MS, TimeUnit.MILLISECONDS)
                .handle((bounds, e) -> e == null);
        reply(ctx, readable, reads -> {
            List<String> reasons = new ArrayList<>();
            String writes = hub.store().unavailableReason();
            if (writes != null) {
                reasons.add("store: writes refused: " + writes);
            }
            if (!reads) {
                reasons.add("store: no answer to a read within " + STORE_PROBE_MS + " ms");
            }
            boolean store = reads && writes == null;
            boolean cluster = hub.bus().healthy() && hub.cluster().healthy();
            if (!cluster) {
                reasons.add("bus: Redis unreachable; serving this node's streams and catching up from the store");
            }
            reasons.addAll(hub.jvmErrors().reasons());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", draining ? "draining" : reasons.isEmpty() ? "ok" : "degraded");
            out.put("nodeId", hub.nodeId());
            out.put("store", store ? "ok" : "unavailable");
            out.put("bus", cluster ? "ok" : "unavailable");
            out.put("connections", hub.presence().connections());
            out.put("reasons", reasons);
            return out;
        }, draining ? 503 : 200);
    }

    void metrics(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
    }

    private static <T> void reply(RoutingContext ctx, CompletableFuture<T> future, Function<T, Object> body) {
        reply(ctx, future, body, 200);
    }

    /** Answers on the request's event loop once the future completes (cluster answers come from Redis). */
    private static <T> void reply(RoutingContext ctx, CompletableFuture<T> future, Function<T, Object> body, int status) {
        io.vertx.core.Context loop = ctx.vertx().getOrCreateContext();
        future.whenComplete((value, e) -> loop.runOnContext(v -> {
            if (e != null) {
                ctx.fail(Errors.unwrap(e));
            } else {
                json(ctx, status, body.apply(value));
            }
        }));
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.string(body));
    }

    /** This node's ingest sources: what it consumed, set aside and last failed on, and the lag it sees. */
    private static List<Map<String, Object>> ingestFigures(List<IngestStats> sources) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (IngestStats s : sources) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", s.source());
            m.put("processed", s.processed());
            m.put("processedPerSecond", Math.round(s.processedPerSecond() * 10) / 10.0);
            m.put("deadLettered", s.deadLettered());
            m.put("retries", s.retries());
            m.put("lag", s.lag());
            IngestStats.LastError e = s.lastError();
            if (e != null) {
                Map<String, Object> err = new LinkedHashMap<>();
                err.put("code", e.code());
                err.put("message", e.message());
                err.put("at", java.time.Instant.ofEpochMilli(e.atMillis()).toString());
                m.put("lastError", err);
            } else {
                m.put("lastError", null);
            }
            out.add(m);
        }
        return out;
    }

    /** This node's Web Push figures (the queue depth is the shared store's). */
    private static Map<String, Object> pushFigures(PushMetrics p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sent", p.sent());
        out.put("failed", p.failed());
        out.put("gone", p.gone());
        out.put("retried", p.retried());
        out.put("queueDepth", p.queueDepth());
        out.put("latencyAvgMs", p.sent() == 0 ? null : p.latencyMillisTotal() / p.sent());
        out.put("latencyMaxMs", p.latencyMillisMax());
        return out;
    }
}
