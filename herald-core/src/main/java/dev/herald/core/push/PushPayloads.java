package dev.herald.core.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.item.Item;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What a notification becomes as a push: the payload the service worker shows, the urgency and the
 * topic. The payload is {@code {"id","title","body","actionUrl","type","category"}} and always fits
 * one 4096-byte aes128gcm record: the body is cut (on a code point, with an ellipsis) when it would not.
 */
public final class PushPayloads {
    /** RFC 8291: a 4096-byte record less the 86-byte header, the padding delimiter and the 16-byte tag. */
    public static final int MAX_PAYLOAD_BYTES = 4096 - 86 - 1 - 16;
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PushPayloads() {
    }

    /** The stored notification's content as JSON. */
    public static JsonNode content(Item item) {
        try {
            return JSON.readTree(item.content());
        } catch (IOException e) {
            throw new IllegalStateException("a stored notification is not JSON", e);
        }
    }

    public static byte[] payload(Item item, JsonNode content) {
        ObjectNode out = JSON.createObjectNode();
        out.put("id", item.id());
        out.set("title", content.path("title"));
        out.put("body", content.path("body").isTextual() ? content.get("body").asText() : null);
        out.set("actionUrl", content.path("actionUrl").isMissingNode() ? null : content.get("actionUrl"));
        out.put("type", item.type());
        out.put("category", item.category());
        byte[] bytes = bytes(out);
        if (bytes.length <= MAX_PAYLOAD_BYTES || !out.get("body").isTextual()) {
            return bytes;
        }
        String body = out.get("body").asText();
        // Binary search for the longest prefix (in code points) that fits with the ellipsis.
        int lo = 0;
        int hi = body.codePointCount(0, body.length());
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            out.put("body", cut(body, mid));
            if (bytes(out).length <= MAX_PAYLOAD_BYTES) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        out.put("body", cut(body, lo));
        return bytes(out);
    }

    private static String cut(String s, int codePoints) {
        return s.substring(0, s.offsetByCodePoints(0, codePoints)) + "\u2026";
    }

    /** low → low, normal → normal, high and urgent → high (RFC 8030 has nothing above high). */
    public static PushUrgency urgency(JsonNode content) {
        return switch (content.path("priority").asText("normal")) {
            case "low" -> PushUrgency.LOW;
            case "high", "urgent" -> PushUrgency.HIGH;
            default -> PushUrgency.NORMAL;
        };
    }

    /** The category when it fits RFC 8030's Topic (at most 32 base64url characters), else none. */
    public static String topic(Item item) {
        String category = item.category();
        return category != null && TOPIC.matcher(category).matches() ? category : null;
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
