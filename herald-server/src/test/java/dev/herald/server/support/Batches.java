package dev.herald.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.http.Json;

import java.util.ArrayList;
import java.util.List;

/** Builds {@code POST /v1/notifications/batch} bodies and reads their replies in tests. */
public final class Batches {
    public static final String PATH = "/v1/notifications/batch";

    private Batches() {
    }

    /** {@code {"notifications":[...]}} around the given element bodies. */
    public static String batch(String... notifications) {
        return batch(List.of(notifications));
    }

    public static String batch(List<String> notifications) {
        return "{\"notifications\":[" + String.join(",", notifications) + "]}";
    }

    /** A minimal valid notification for one user. */
    public static String toUser(String userId, String title) {
        return notification("\"userId\":" + Json.string(userId), title);
    }

    /** A minimal valid notification with the target given as raw JSON members, e.g. {@code "broadcast":true}. */
    public static String notification(String target, String title) {
        return "{" + target + ",\"type\":\"t\",\"title\":" + Json.string(title) + "}";
    }

    /** The same notification with an idempotency key. */
    public static String keyed(String notification, String key) {
        return notification.substring(0, notification.length() - 1) + ",\"idempotencyKey\":" + Json.string(key) + "}";
    }

    /** The reply's ids, in order. */
    public static List<String> ids(JsonNode reply) {
        List<String> ids = new ArrayList<>();
        reply.get("items").forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }

    /** The log position in an event id ({@code <epoch>-<seq>}). */
    public static long seq(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }
}
