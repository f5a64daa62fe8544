package dev.herald.sdk;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch publish's wire format: each element is exactly {@link Wire#notification}'s body (so a
 * batched notification is sent as a single one would be), and the reply has one entry per element.
 */
final class BatchWire {
    private BatchWire() {
    }

    /** {@code {"notifications":[...]}}; {@code keys} holds each element's idempotency key, in order. */
    static byte[] notifications(List<Addressed> batch, List<String> keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * batch.size());
        out.writeBytes("{\"notifications\":[".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            Addressed a = batch.get(i);
            out.writeBytes(Wire.notification(a.target(), a.notification(), keys.get(i)));
        }
        out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** {@code {"items":[{"id","recipients","replayed"?},...]}}, one entry per element sent. */
    static List<PublishResult> results(Reply reply, int sent) {
        JsonNode items = Wire.tryParse(reply.body()).path("items");
        if (!items.isArray() || items.size() != sent) {
            throw invalid(reply, "expected 'items' with " + sent + " entries");
        }
        List<PublishResult> out = new ArrayList<>(sent);
        for (JsonNode item : items) {
            JsonNode id = item.path("id");
            JsonNode recipients = item.path("recipients");
            if (!id.isTextual()) {
                throw invalid(reply, "an entry of 'items' has no 'id'");
            }
            out.add(new PublishResult(id.asText(),
                    recipients.canConvertToInt() ? recipients.asInt() : PublishResult.UNKNOWN_RECIPIENTS,
                    item.path("replayed").asBoolean(false), item.path("digested").asBoolean(false),
                    item.path("count").asInt(0)));
        }
        return List.copyOf(out);
    }

    private static HeraldException invalid(Reply reply, String why) {
        return new HeraldException("invalid_response", reply.status(), "unexpected reply from the hub: " + why);
    }
}
