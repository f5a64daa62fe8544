package dev.herald.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.hub.Hub;
import dev.herald.core.hub.HubMetrics;
import dev.herald.server.auth.JwtService;
import dev.herald.server.auth.UserIds;
import dev.herald.server.metrics.Metrics;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The operator's endpoints: stats, presence, token minting, health and metrics. */
final class OpsHandler {
    static final long MAX_TOKEN_TTL_SECONDS = 30L * 24 * 3600;
    private static final long DEFAULT_TOKEN_TTL_SECONDS = 3600;

    private final Hub hub;
    private final JwtService jwt;
    private static final Set<String> TOKEN_FIELDS = Set.of("userId", "ttlSeconds");

    private final Metrics metrics;
    private final Lifecycle lifecycle;
    private final long startedAtMillis = System.currentTimeMillis();

    OpsHandler(Hub hub, JwtService jwt, Metrics metrics, Lifecycle lifecycle) {
        this.hub = hub;
        this.jwt = jwt;
        this.metrics = metrics;
        this.lifecycle = lifecycle;
    }

    void stats(RoutingContext ctx) {
        HubMetrics m = hub.metrics();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("connections", hub.presence().connections());
        out.put("users", hub.presence().users());
        out.put("uptimeSeconds", (System.currentTimeMillis() - startedAtMillis) / 1000);
        out.put("published", m.published());
        out.put("delivered", m.delivered());
        out.put("replayed", m.replayed());
        out.put("resets", m.resets());
        out.put("slowStreamsDropped", m.slowDropped());
        out.put("replayOverflows", m.replayOverflows());
        out.put("connectionsPerEventLoop", hub.shardSizes());
        json(ctx, 200, out);
    }

    void presence(RoutingContext ctx) {
        String userId = ctx.pathParam("userId");
        if (!UserIds.isValid(userId)) {
            throw Invalid.request("userId must be 1..256 characters without control characters");
        }
        int n = hub.presence().connections(userId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("userId", userId);
        out.put("connections", n);
        out.put("online", n > 0);
        json(ctx, 200, out);
    }

    void mintToken(RoutingContext ctx) {
        JsonNode body = JsonBody.object(JsonBody.parse(ctx), TOKEN_FIELDS);
        JsonNode user = body.get("userId");
        if (user == null || !user.isTextual() || !UserIds.isValid(user.asText())) {
            throw Invalid.field("userId is required: 1..256 characters without control characters");
        }
        long ttl = DEFAULT_TOKEN_TTL_SECONDS;
        JsonNode ttlNode = body.get("ttlSeconds");
        if (ttlNode != null && !ttlNode.isNull()) {
            if (!ttlNode.isIntegralNumber() || ttlNode.asLong() < 1 || ttlNode.asLong() > MAX_TOKEN_TTL_SECONDS) {
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

    void health(RoutingContext ctx) {
        boolean draining = lifecycle.isDraining();
        boolean busOk = hub.bus().healthy();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", draining ? "draining" : busOk ? "ok" : "degraded");
        out.put("connections", hub.presence().connections());
        json(ctx, draining ? 503 : 200, out);
    }

    void metrics(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.string(body));
    }
}
