package dev.herald.server.http;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import io.vertx.core.http.HttpServerRequest;

/**
 * Finds a subscriber's token: {@code Authorization: Bearer <jwt>}, or {@code ?token=<jwt>} because a
 * browser's EventSource cannot set headers. The query form is why request logs must never print
 * query strings.
 */
final class SubscriberToken {
    private SubscriberToken() {
    }

    static String from(HttpServerRequest request) {
        String token = Bearer.from(request);
        if (token == null) {
            token = request.getParam("token");
        }
        if (token == null || token.isEmpty()) {
            throw new HeraldException(ErrorCode.MISSING_CREDENTIALS,
                    "send a subscriber token as 'Authorization: Bearer <jwt>' or ?token=<jwt>");
        }
        return token;
    }
}
