package dev.herald.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.server.auth.Utf16;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * The optional notification fields of issue 14: {@code category} (a name like {@code type}),
 * {@code tags} (up to 10 short strings) and {@code actions} (up to 3 buttons). Each rejects a bad
 * value whole with a message naming the field; a JSON null is the same as leaving the field out.
 * Strings are already well-formed UTF-16 here ({@link JsonTree} refuses lone surrogates).
 */
final class NotificationExtras {
    static final int MAX_TAGS = 10;
    static final int MAX_TAG_LENGTH = 64;
    static final int MAX_ACTIONS = 3;
    static final int MAX_LABEL_LENGTH = 64;
    private static final Set<String> ACTION_FIELDS = Set.of("id", "label", "url");

    private NotificationExtras() {
    }

    /** The category, or null when not given. */
    static String category(ObjectNode obj) {
        JsonNode n = obj.get("category");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || !EventNames.isWellFormed(n.asText())) {
            throw Invalid.field("category must match ^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$");
        }
        return n.asText();
    }

    /** The tags in the order given (empty when not given); a repeated tag is an error, not merged. */
    static ArrayNode tags(ObjectNode obj) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        JsonNode list = obj.get("tags");
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray() || list.size() > MAX_TAGS) {
            throw Invalid.field("tags must be an array of at most " + MAX_TAGS + " strings");
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode n : list) {
            if (!n.isTextual() || !isShortText(n.asText(), MAX_TAG_LENGTH)) {
                throw Invalid.field("every tags entry must be a string of 1.." + MAX_TAG_LENGTH
                        + " characters, not blank, without control characters");
            }
            if (!seen.add(n.asText())) {
                throw Invalid.field("tags must not repeat a tag ('" + JsonBody.clip(n.asText()) + "')");
            }
            out.add(n.asText());
        }
        return out;
    }

    /** The actions as delivered: each {@code {"id","label","url"}} with url null when not given. */
    static ArrayNode actions(ObjectNode obj) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        JsonNode list = obj.get("actions");
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray() || list.size() > MAX_ACTIONS) {
            throw Invalid.field("actions must be an array of at most " + MAX_ACTIONS + " objects");
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode n : list) {
            if (!(n instanceof ObjectNode action)) {
                throw Invalid.field("every actions entry must be an object {\"id\", \"label\", \"url\"?}");
            }
            for (Iterator<String> it = action.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!ACTION_FIELDS.contains(name)) {
                    throw Invalid.field("unknown field '" + JsonBody.clip(name) + "' in an action");
                }
            }
            JsonNode id = action.get("id");
            if (id == null || !id.isTextual() || !EventNames.isWellFormed(id.asText())) {
                throw Invalid.field("every action's id must match ^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$");
            }
            if (!ids.add(id.asText())) {
                throw Invalid.field("action ids must be unique within a notification ('" + id.asText() + "')");
            }
            JsonNode label = action.get("label");
            if (label == null || !label.isTextual() || !isShortText(label.asText(), MAX_LABEL_LENGTH)) {
                throw Invalid.field("every action's label must be a string of 1.." + MAX_LABEL_LENGTH
                        + " characters, not blank, without control characters");
            }
            JsonNode url = action.get("url");
            String link = null;
            if (url != null && !url.isNull()) {
                if (!url.isTextual()) {
                    throw Invalid.field("an action's url must be a string");
                }
                link = Links.checked(url.asText(), "an action's url");
            }
            ObjectNode clean = out.addObject();
            clean.put("id", id.asText());
            clean.put("label", label.asText());
            clean.put("url", link);
        }
        return out;
    }

    private static boolean isShortText(String s, int max) {
        return !s.isBlank() && s.length() <= max && s.chars().noneMatch(c -> Utf16.isControl((char) c));
    }

    /**
     * The Web Push policy: null for the default {@code offline} (kept out of the content, so every
     * notification published without it stays as it was), else {@code always} or {@code never}.
     */
    static String push(ObjectNode obj) {
        JsonNode push = obj.get("push");
        if (push == null || push.isNull() || push.isTextual() && push.asText().equals("offline")) {
            return null;
        }
        if (!push.isTextual() || !PUSH_POLICIES.contains(push.asText())) {
            throw Invalid.field("push must be one of offline, always, never");
        }
        return push.asText();
    }

    private static final Set<String> PUSH_POLICIES = Set.of("always", "never");
}
