package dev.herald.server.http;

import dev.herald.core.ErrorCode;
import dev.herald.server.auth.JwtService;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /dev/token?user=<id>}: a subscriber token for anyone who asks, so that {@code /?user=alice}
 * shows the notification center at once on a zero-config hub. Only in dev mode (the zero-config hub,
 * or {@code HERALD_DEV_MODE=true}); any other hub answers 404, as if the route did not exist, and
 * never hands out tokens this way.
 */
final class DevTokens {
    static final Duration TTL = Duration.ofHours(1);

    private final JwtService jwt;
    private final boolean enabled;

    DevTokens(JwtService jwt, boolean enabled) {
        this.jwt = jwt;
        this.enabled = enabled;
    }

    void handle(RoutingContext ctx) {
        if (!enabled) {
            Errors.send(ctx.response(), ErrorCode.NOT_FOUND, "no such resource");
            return;
        }
        String user = UrlText.userId(ctx.request().getParam("user"), ctx.request().query(), "user");
        JwtService.Minted minted = jwt.mintWithExpiry(user, TTL);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token", minted.token());
        out.put("userId", user);
        out.put("expiresAt", Instant.ofEpochMilli(minted.expiresAtMillis()).toString());
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(Json.string(out));
    }
}
