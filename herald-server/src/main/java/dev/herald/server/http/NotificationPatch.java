package dev.herald.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.item.NotificationEdit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code PATCH /v1/notifications/{id}}: the fields given replace the notification's, a
 * JSON {@code null} clears an optional one (as leaving it out of a publish would: null, {@code []},
 * or {@code "normal"} for priority), the fields left out stay. Each field is checked by the very rule
 * a publish uses ({@link PublishParser}, {@link NotificationExtras}), all before anything is stored;
 * an unknown field, a field that cannot be edited (type, the target, ttlSeconds) or an empty object
 * is a 422. The merge itself runs in the store's transaction ({@link #apply}), on the version the
 * log holds at that moment.
 */
final class NotificationPatch implements NotificationEdit {
    static final Set<String> FIELDS = Set.of("title", "body", "data", "actionUrl", "priority", "category", "tags",
            "actions");

    /** Content member name to its new value, in the body's order. */
    private final ObjectNode fields;

    private NotificationPatch(ObjectNode fields) {
        this.fields = fields;
    }

    static NotificationPatch parse(JsonNode body) {
        ObjectNode obj = JsonBody.object(body, FIELDS);
        if (obj.isEmpty()) {
            throw Invalid.field("give at least one field to change: title, body, data, actionUrl, priority, "
                    + "category, tags or actions");
        }
        ObjectNode fields = Json.MAPPER.createObjectNode();
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            switch (name) {
                case "title" -> fields.put(name, PublishParser.title(obj));
                case "body" -> fields.put(name, PublishParser.body(obj));
                case "data" -> fields.set(name, PublishParser.optionalObject(obj, "data"));
                case "actionUrl" -> fields.put(name, PublishParser.actionUrl(obj));
                case "priority" -> fields.put(name, PublishParser.priority(obj));
                case "category" -> fields.put(name, NotificationExtras.category(obj));
                case "tags" -> fields.set(name, NotificationExtras.tags(obj));
                case "actions" -> fields.set(name, NotificationExtras.actions(obj));
                default -> throw new IllegalStateException("unhandled field " + name);
            }
        }
        return new NotificationPatch(fields);
    }

    /**
     * The stored content with this patch's fields replaced where they stand (a field the stored
     * version lacks is added), read and written with the hub's own JSON rules so every number in
     * {@code data} keeps its exact text.
     */
    @Override
    public Edited apply(byte[] content) {
        ObjectNode current;
        try {
            current = (ObjectNode) JsonTree.read(content);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored notification is not JSON", e);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            current.set(field.getKey(), field.getValue());
        }
        JsonNode category = current.get("category");
        return new Edited(Json.bytes(current), category == null || category.isNull() ? null : category.asText());
    }
}
