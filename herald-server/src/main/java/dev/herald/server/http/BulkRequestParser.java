package dev.herald.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.inbox.InboxBulk;
import dev.herald.core.item.EventId;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /v1/me/notifications/bulk}: {@code {"action", "ids":[...]}} or
 * {@code {"action", "all":true, "filter":{"category","read","archived"}}}. Anything else is a 422
 * before the store is asked, so a bad request changes nothing.
 */
final class BulkRequestParser {
    private static final Set<String> FIELDS = Set.of("action", "ids", "all", "filter");
    private static final Set<String> FILTER_FIELDS = Set.of("category", "read", "archived");

    private BulkRequestParser() {
    }

    /** The bulk change asked for; ids of another hub's database are dropped (they are in no inbox here). */
    static InboxBulk parse(JsonNode json, String epoch) {
        ObjectNode body = JsonBody.object(json, FIELDS);
        InboxBulk.Action action = body.path("action").isTextual() ? InboxBulk.Action.of(body.get("action").asText()) : null;
        if (action == null) {
            throw Invalid.field("action must be one of seen, read, unread, archive, unarchive, delete");
        }
        JsonNode all = body.get("all");
        if (all != null && !all.isBoolean()) {
            throw Invalid.field("all must be true or false");
        }
        boolean everything = all != null && all.asBoolean();
        boolean listed = body.has("ids");
        if (everything == listed) {
            throw Invalid.field("give either ids or \"all\":true, not both");
        }
        if (listed) {
            if (body.has("filter")) {
                throw Invalid.field("filter goes with \"all\":true, not with ids");
            }
            return InboxBulk.ids(action, seqs(body.get("ids"), epoch));
        }
        return InboxBulk.all(action, filter(body.get("filter")));
    }

    private static List<Long> seqs(JsonNode ids, String epoch) {
        if (!ids.isArray() || ids.isEmpty() || ids.size() > InboxBulk.MAX_IDS) {
            throw Invalid.field("ids must be an array of 1.." + InboxBulk.MAX_IDS + " notification ids");
        }
        LinkedHashSet<Long> seqs = new LinkedHashSet<>();
        for (JsonNode n : ids) {
            EventId id = n.isTextual() ? EventId.parse(n.asText()) : null;
            if (id == null) {
                throw Invalid.field("every ids entry must be a notification id (as in the inbox's items)");
            }
            if (id.epoch().equals(epoch)) {
                seqs.add(id.seq());
            }
        }
        return new ArrayList<>(seqs);
    }

    /** Absent or null fields (or no filter at all) do not filter. */
    private static InboxBulk.Filter filter(JsonNode filter) {
        if (filter == null || filter.isNull()) {
            return InboxBulk.Filter.NONE;
        }
        if (!filter.isObject()) {
            throw Invalid.field("filter must be an object {\"category\", \"read\", \"archived\"}");
        }
        ObjectNode f = JsonBody.object(filter, FILTER_FIELDS);
        JsonNode category = f.get("category");
        if (category != null && !category.isNull()
                && (!category.isTextual() || !EventNames.isWellFormed(category.asText()))) {
            throw Invalid.field("filter.category must be a category name matching ^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$");
        }
        return new InboxBulk.Filter(category == null || category.isNull() ? null : category.asText(),
                flag(f, "read"), flag(f, "archived"));
    }

    private static Boolean flag(ObjectNode filter, String name) {
        JsonNode v = filter.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw Invalid.field("filter." + name + " must be true or false");
        }
        return v.asBoolean();
    }
}
