package dev.herald.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.HeraldException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Turns a batch body, {@code {"notifications":[...]}}, into its items, or rejects it whole. Each
 * element is exactly a {@code POST /v1/notifications} body and goes through the same parser, so the
 * two endpoints can never drift apart; an element's error is prefixed with its index, so a publisher
 * can find the one bad notification among a thousand.
 */
final class BatchParser {
    /** Bounds the work and the reply of one request; bigger jobs are several requests. */
    static final int MAX_NOTIFICATIONS = 1000;
    private static final Set<String> FIELDS = Set.of("notifications");
    private static final String SHAPE = "notifications must be an array of 1.." + MAX_NOTIFICATIONS + " notifications";

    private final PublishParser parser;

    BatchParser(PublishParser parser) {
        this.parser = parser;
    }

    /** Every element is validated before any is returned: the batch is published whole or not at all. */
    List<PublishParser.Parsed> notifications(JsonNode body, String publisherScope, IntSupplier usersOnline) {
        ObjectNode obj = JsonBody.object(body, FIELDS);
        JsonNode list = obj.get("notifications");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_NOTIFICATIONS) {
            throw Invalid.field(SHAPE);
        }
        List<PublishParser.Parsed> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode element = list.get(i);
            try {
                // Checked here: the single endpoint's "the body must be a JSON object" would mislead.
                if (!element.isObject()) {
                    throw Invalid.field("a notification must be a JSON object");
                }
                out.add(parser.notification(element, publisherScope, usersOnline));
            } catch (HeraldException e) {
                throw new HeraldException(e.code(), "notifications[" + i + "]: " + e.getMessage());
            }
        }
        return out;
    }
}
