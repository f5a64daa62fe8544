package dev.herald.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.item.Digest;
import dev.herald.core.item.ItemKind;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.Target;
import dev.herald.core.store.Idempotency;
import dev.herald.server.auth.UserIds;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Turns a publish body into a {@link NewItem}, or rejects it whole with a message naming the field.
 * Nothing is published unless every rule holds. Unknown fields are rejected too: a misspelt
 * {@code "titel"} should fail loudly, not publish a notification without a title.
 */
final class PublishParser {
    static final int MAX_USER_IDS = 10_000;
    private static final Set<String> NOTIFICATION_FIELDS = Set.of("userId", "userIds", "broadcast", "type", "title",
            "body", "data", "actionUrl", "priority", "idempotencyKey", "ttlSeconds", "category", "tags", "actions", "digest", "digestTitle",
            "push");
    private static final Set<String> EVENT_FIELDS = Set.of("userId", "userIds", "broadcast", "event", "data",
            "idempotencyKey", "collapseKey", "maxRatePerSecond");
    private static final Set<String> PRIORITIES = Set.of("low", "normal", "high", "urgent");
    private static final DateTimeFormatter CREATED_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Duration notificationTtl;
    private final Duration eventRetention;

    PublishParser(Duration notificationTtl, Duration eventRetention) {
        this.notificationTtl = notificationTtl;
        this.eventRetention = eventRetention;
    }

    /** A parsed publish: the item and how many users it addresses (the reply's {@code recipients}). */
    record Parsed(NewItem item, int recipients) {
    }

    Parsed notification(JsonNode body, String publisherScope, IntSupplier usersOnline) {
        ObjectNode obj = JsonBody.object(body, NOTIFICATION_FIELDS);
        Target target = target(obj);
        String type = requiredName(obj, "type");
        String title = title(obj);
        String text = body(obj);
        JsonNode data = optionalObject(obj, "data");
        String actionUrl = actionUrl(obj);
        String category = NotificationExtras.category(obj);
        ArrayNode tags = NotificationExtras.tags(obj);
        ArrayNode actions = NotificationExtras.actions(obj);
        String priority = priority(obj);
        Digest digest = NotificationDigest.of(obj, target);
        String push = NotificationExtras.push(obj);
        long now = System.currentTimeMillis();
        long ttlMillis = notificationTtl.toMillis();
        JsonNode ttl = obj.get("ttlSeconds");
        if (ttl != null && !ttl.isNull()) {
            if (!ttl.canConvertToLong() || !ttl.isIntegralNumber() || ttl.asLong() < 1) {
                throw Invalid.field("ttlSeconds must be a whole number of seconds >= 1");
            }
            ttlMillis = Math.min(ttlMillis, Math.multiplyExact(Math.min(ttl.asLong(), Long.MAX_VALUE / 1000), 1000L));
        }
        ObjectNode content = Json.MAPPER.createObjectNode();
        content.put("type", type);
        content.put("category", category);
        content.put("title", title);
        content.put("body", text);
        content.set("data", data);
        content.put("actionUrl", actionUrl);
        content.set("tags", tags);
        content.set("actions", actions);
        content.put("priority", priority);
        if (push != null) {
            content.put("push", push);
        }
        if (digest != null) {
            NotificationDigest.putInto(content, digest);
        }
        content.put("createdAt", CREATED_AT.format(Instant.ofEpochMilli(now)));
        int recipients = recipients(target, usersOnline);
        NewItem item = new NewItem(ItemKind.NOTIFICATION, target, "notification", type, category,
                Json.bytes(content), now, now + ttlMillis, idempotency(obj, publisherScope + ":n", recipients),
                System.nanoTime(), digest);
        return new Parsed(item, recipients);
    }

    Parsed event(JsonNode body, String publisherScope, IntSupplier usersOnline) {
        ObjectNode obj = JsonBody.object(body, EVENT_FIELDS);
        Target target = target(obj);
        String event = text(obj, "event");
        if (event == null) {
            throw Invalid.field("event is required");
        }
        if (!EventNames.isPublishable(event)) {
            throw Invalid.field("event must match ^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$ and not be a reserved name "
                    + "(connected, reset, token_expired, notification, ...)");
        }
        String collapseKey = EventCoalescing.collapseKey(obj);
        double maxRate = EventCoalescing.maxRatePerSecond(obj, collapseKey);
        long now = System.currentTimeMillis();
        ObjectNode content = Json.MAPPER.createObjectNode();
        content.put("event", event);
        content.set("data", obj.has("data") ? obj.get("data") : null);
        if (collapseKey != null) {
            content.put("collapseKey", collapseKey);
        }
        content.put("createdAt", CREATED_AT.format(Instant.ofEpochMilli(now)));
        int recipients = recipients(target, usersOnline);
        NewItem item = new NewItem(ItemKind.EVENT, target, event, null, null, Json.bytes(content), now,
                now + eventRetention.toMillis(), idempotency(obj, publisherScope + ":e", recipients), System.nanoTime(),
                collapseKey, maxRate);
        return new Parsed(item, recipients);
    }

    private static Target target(ObjectNode obj) {
        JsonNode broadcast = obj.get("broadcast");
        if (broadcast != null && !broadcast.isBoolean()) {
            throw Invalid.field("broadcast must be true or false");
        }
        boolean toEveryone = broadcast != null && broadcast.asBoolean();
        int given = (toEveryone ? 1 : 0) + (obj.has("userId") ? 1 : 0) + (obj.has("userIds") ? 1 : 0);
        if (given != 1) {
            throw Invalid.field("give exactly one target: userId, userIds or \"broadcast\": true");
        }
        if (toEveryone) {
            return Target.everyone();
        }
        if (obj.has("userId")) {
            String userId = text(obj, "userId");
            if (!UserIds.isValid(userId)) {
                throw Invalid.field("userId must be 1..256 characters without control characters");
            }
            return Target.user(userId);
        }
        JsonNode list = obj.get("userIds");
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_USER_IDS) {
            throw Invalid.field("userIds must be an array of 1.." + MAX_USER_IDS + " user ids");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode n : list) {
            if (!n.isTextual() || !UserIds.isValid(n.asText())) {
                throw Invalid.field("every userIds entry must be a string of 1..256 characters without control characters");
            }
            ids.add(n.asText());
        }
        List<String> distinct = new ArrayList<>(ids);
        return distinct.size() == 1 ? Target.user(distinct.get(0)) : Target.users(distinct);
    }

    private static int recipients(Target target, IntSupplier usersOnline) {
        return target.isBroadcast() ? usersOnline.getAsInt() : target.namedCount();
    }

    /** Keys are scoped per publisher key and per endpoint: one key means one operation. */
    private static Idempotency idempotency(ObjectNode obj, String scope, int recipients) {
        String key = optionalText(obj, "idempotencyKey", 255);
        if (key == null) {
            return null;
        }
        if (key.isEmpty()) {
            throw Invalid.field("idempotencyKey must not be empty");
        }
        return new Idempotency(scope + ':' + key, recipients);
    }

    // The notification fields' rules, shared with a publisher's edit (NotificationPatch): one rule each.

    static String title(ObjectNode obj) {
        return requiredText(obj, "title", 512);
    }

    static String body(ObjectNode obj) {
        return optionalText(obj, "body", 8192);
    }

    /** "normal" when absent or null. */
    static String priority(ObjectNode obj) {
        String priority = text(obj, "priority");
        if (priority == null) {
            priority = "normal";
        }
        if (!PRIORITIES.contains(priority)) {
            throw Invalid.field("priority must be one of low, normal, high, urgent");
        }
        return priority;
    }

    static String actionUrl(ObjectNode obj) {
        String url = text(obj, "actionUrl");
        return url == null ? null : Links.checked(url, "actionUrl");
    }

    private static String requiredName(ObjectNode obj, String field) {
        String value = text(obj, field);
        if (value == null) {
            throw Invalid.field(field + " is required");
        }
        if (!EventNames.isWellFormed(value)) {
            throw Invalid.field(field + " must match ^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$");
        }
        return value;
    }

    private static String requiredText(ObjectNode obj, String field, int max) {
        String value = optionalText(obj, field, max);
        if (value == null || value.isBlank()) {
            throw Invalid.field(field + " is required");
        }
        return value;
    }

    private static String optionalText(ObjectNode obj, String field, int max) {
        String value = text(obj, field);
        if (value != null && value.length() > max) {
            throw Invalid.field(field + " must be at most " + max + " characters");
        }
        return value;
    }

    /** A string field, null when absent or JSON null; any other type is an error. */
    private static String text(ObjectNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw Invalid.field(field + " must be a string");
        }
        return n.asText();
    }

    static JsonNode optionalObject(ObjectNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw Invalid.field(field + " must be a JSON object");
        }
        return n;
    }
}
