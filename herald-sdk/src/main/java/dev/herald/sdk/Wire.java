package dev.herald.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The JSON wire format, both ways, and the only place that knows the hub's field names. Replies are
 * read leniently (unknown fields ignored) so a newer hub does not break an older SDK; a reply missing
 * a field the SDK needs is an {@code invalid_response}.
 */
final class Wire {
    /**
     * BigDecimals keep their scale: {@code 9007199254740993.0} and {@code 1.10} go out as written,
     * not stripped to {@code 9007199254740993} and {@code 1.1} (Jackson's default for trees).
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private Wire() {
    }

    // ---- values held by Notification and Event ----

    /**
     * Converts caller data to a private JSON tree, so later changes to the caller's objects are not
     * seen. Numbers stay exact (BigDecimal, BigInteger, long); NaN and the infinities are refused,
     * since JSON has no such numbers and Jackson would send them as the strings "NaN" or "Infinity".
     */
    static JsonNode snapshot(Object value) {
        JsonNode tree;
        try {
            // deepCopy: valueToTree hands a JsonNode argument back as is, and the caller could still mutate it.
            tree = MAPPER.valueToTree(value).deepCopy();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("data cannot be converted to JSON: " + e.getMessage(), e);
        }
        requireFinite(tree);
        return tree;
    }

    private static void requireFinite(JsonNode node) {
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            throw new IllegalArgumentException("data cannot be converted to JSON: it holds " + node.doubleValue()
                    + ", which JSON numbers cannot express");
        }
        for (JsonNode child : node) {
            requireFinite(child);
        }
    }

    static Map<String, Object> toMap(JsonNode node) {
        return MAPPER.convertValue(node, MAP);
    }

    static Object toPlain(JsonNode node) {
        return MAPPER.convertValue(node, Object.class);
    }

    static String checkKey(String key) {
        if (key != null && key.isEmpty()) {
            throw new IllegalArgumentException("idempotencyKey must not be empty");
        }
        return key;
    }

    // ---- request bodies ----

    static byte[] notification(Target target, Notification n, String idempotencyKey) {
        ObjectNode o = MAPPER.createObjectNode();
        putTarget(o, target);
        o.put("type", n.type());
        o.put("title", n.title());
        n.body().ifPresent(v -> o.put("body", v));
        if (n.dataTree() != null) {
            o.set("data", n.dataTree());
        }
        n.actionUrl().ifPresent(v -> o.put("actionUrl", v));
        n.category().ifPresent(v -> o.put("category", v));
        if (!n.tags().isEmpty()) {
            n.tags().forEach(o.putArray("tags")::add);
        }
        if (!n.actions().isEmpty()) {
            ArrayNode actions = o.putArray("actions");
            for (Action a : n.actions()) {
                ObjectNode action = actions.addObject().put("id", a.id()).put("label", a.label());
                a.url().ifPresent(u -> action.put("url", u));
            }
        }
        o.put("priority", n.priority().wireName());
        n.ttl().ifPresent(v -> o.put("ttlSeconds", ceilSeconds(v)));
        n.digest().ifPresent(d -> {
            o.putObject("digest").put("key", d.key()).put("windowSeconds", ceilSeconds(d.window()));
            d.titleTemplate().ifPresent(t -> o.put("digestTitle", t));
        });
        o.put("idempotencyKey", idempotencyKey);
        return bytes(o);
    }

    static byte[] update(NotificationUpdate update) {
        return bytes(update.wire());
    }

    static byte[] event(Target target, Event e, String idempotencyKey) {
        ObjectNode o = MAPPER.createObjectNode();
        putTarget(o, target);
        o.put("event", e.name());
        if (e.dataTree() != null) {
            o.set("data", e.dataTree());
        }
        e.collapseKey().ifPresent(k -> o.put("collapseKey", k));
        e.maxRatePerSecond().ifPresent(r -> o.put("maxRatePerSecond", r));
        o.put("idempotencyKey", idempotencyKey);
        return bytes(o);
    }

    /** {@code ttl} null means the hub's default lifetime. */
    static byte[] tokenRequest(String userId, Duration ttl) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("userId", userId);
        if (ttl != null) {
            o.put("ttlSeconds", ceilSeconds(ttl));
        }
        return bytes(o);
    }

    private static void putTarget(ObjectNode o, Target target) {
        if (target.isEveryone()) {
            o.put("broadcast", true);
        } else if (target.isSingleUser()) {
            o.put("userId", target.userIds().get(0));
        } else {
            ArrayNode ids = o.putArray("userIds");
            target.userIds().forEach(ids::add);
        }
    }

    /** Whole seconds, rounded up: the hub counts in seconds and 0 would be refused. */
    static long ceilSeconds(Duration d) {
        return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serialises; reaching this is a bug, not bad input.
            throw new IllegalStateException("cannot serialise request", e);
        }
    }

    // ---- replies ----

    static PublishResult publishResult(Reply reply) {
        JsonNode body = parse(reply);
        JsonNode recipients = body.get("recipients");
        return new PublishResult(text(body, "id", reply),
                recipients != null && recipients.canConvertToInt() ? recipients.asInt()
                        : PublishResult.UNKNOWN_RECIPIENTS,
                reply.header("Idempotent-Replayed").map("true"::equalsIgnoreCase).orElse(false),
                body.path("digested").asBoolean(false), body.path("count").asInt(0));
    }

    /** A reply that is a whole notification (an edit's), as plain maps, lists and values. */
    static Map<String, Object> notificationMap(Reply reply) {
        JsonNode body = parse(reply);
        text(body, "id", reply);
        return toMap(body);
    }

    static SubscriberToken token(Reply reply) {
        JsonNode body = parse(reply);
        String expiresAt = text(body, "expiresAt", reply);
        try {
            return new SubscriberToken(text(body, "token", reply), text(body, "userId", reply),
                    Instant.parse(expiresAt));
        } catch (DateTimeParseException e) {
            throw invalid(reply, "expiresAt is not an ISO-8601 instant");
        }
    }

    static Stats stats(Reply reply) {
        JsonNode b = parse(reply);
        return new Stats(b.path("connections").asInt(), b.path("users").asInt(), b.path("uptimeSeconds").asLong(),
                b.path("published").asLong(), b.path("delivered").asLong(), b.path("replayed").asLong(),
                b.path("resets").asLong(), b.path("slowStreamsDropped").asLong(), b.path("replayOverflows").asLong());
    }

    static Presence presence(Reply reply) {
        JsonNode b = parse(reply);
        return new Presence(text(b, "userId", reply), b.path("connections").asInt(), b.path("online").asBoolean());
    }

    static Health health(Reply reply) {
        JsonNode b = parse(reply);
        return new Health(text(b, "status", reply), b.path("connections").asInt());
    }

    /** The body as JSON, or {@link com.fasterxml.jackson.databind.node.MissingNode} when it is not JSON. */
    static JsonNode tryParse(String body) {
        try {
            JsonNode node = body == null || body.isEmpty() ? null : MAPPER.readTree(body);
            return node == null ? MAPPER.missingNode() : node;
        } catch (JsonProcessingException e) {
            return MAPPER.missingNode();
        }
    }

    private static JsonNode parse(Reply reply) {
        JsonNode node = tryParse(reply.body());
        if (!node.isObject()) {
            throw invalid(reply, "the body is not a JSON object");
        }
        return node;
    }

    private static String text(JsonNode body, String field, Reply reply) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual()) {
            throw invalid(reply, "the reply has no '" + field + "'");
        }
        return n.asText();
    }

    private static HeraldException invalid(Reply reply, String why) {
        return new HeraldException("invalid_response", reply.status(), "unexpected reply from the hub: " + why);
    }
}
