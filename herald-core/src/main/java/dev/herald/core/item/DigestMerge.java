package dev.herald.core.item;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The content of a digest's inbox item after one more notification merged into it: the latest
 * notification's content (its title, body, data, everything it says) with the digest's {@code count},
 * the first notification's {@code createdAt} (the item's place in the inbox does not move) and the
 * latest one's as {@code updatedAt}; the title is the latest one's {@link Digest#titleTemplate} with
 * {@code {count}} replaced when it gave one. Stores call it inside their write transaction.
 */
public final class DigestMerge {
    // Exact numbers: the latest notification's data goes out as the publisher wrote it.
    private static final ObjectMapper JSON = new ObjectMapper()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private DigestMerge() {
    }

    /**
     * @param first  the digest item's stored content (the first notification's, or an earlier merge)
     * @param latest the content of the notification merging into it, as its publish built it
     * @param count  how many notifications the item stands for after this one
     */
    public static byte[] merged(byte[] first, NewItem latest, long count) {
        try {
            ObjectNode before = (ObjectNode) JSON.readTree(first);
            ObjectNode next = (ObjectNode) JSON.readTree(latest.content());
            next.put("count", count);
            JsonNode createdAt = before.get("createdAt");
            JsonNode updatedAt = next.get("createdAt");
            if (createdAt != null) {
                next.set("createdAt", createdAt);
            }
            if (updatedAt != null) {
                next.set("updatedAt", updatedAt);
            }
            String template = latest.digest() == null ? null : latest.digest().titleTemplate();
            if (template != null) {
                next.put("title", template.replace(Digest.COUNT, Long.toString(count)));
            }
            return JSON.writeValueAsBytes(next);
        } catch (IOException | ClassCastException e) {
            // The server built both; a store never holds anything else for a notification.
            throw new UncheckedIOException(new IOException("a digest's content is not a JSON object", e));
        }
    }
}
