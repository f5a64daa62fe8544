package dev.herald.server.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code PUT /v1/me/preferences}: {@code mutedTypes}, {@code mutedCategories} and/or
 * {@code push}. Each list given replaces that list; a list left out stays as it is (so a client that
 * knows only mutedTypes never clears categories it did not show). Anything else is a 422 before the
 * store is asked.
 */
final class PreferencesParser {
    static final int MAX_MUTED_TYPES = 100;
    private static final Set<String> FIELDS = Set.of("mutedTypes", "mutedCategories", "push");

    private PreferencesParser() {
    }

    /** The change asked for: null for each part left out. */
    record Preferences(List<String> mutedTypes, List<String> mutedCategories, Boolean push) {
    }

    static Preferences parse(JsonNode json) {
        JsonNode body = JsonBody.object(json, FIELDS);
        if (!body.has("mutedTypes") && !body.has("mutedCategories") && !body.has("push")) {
            throw Invalid.field("give mutedTypes, mutedCategories and/or push");
        }
        List<String> types = body.has("mutedTypes") ? names(body, "mutedTypes", "notification types", "type") : null;
        List<String> categories = body.has("mutedCategories") ? names(body, "mutedCategories", "categories", "category") : null;
        if (body.has("push") && !body.get("push").isBoolean()) {
            throw Invalid.field("push must be true or false");
        }
        Boolean push = body.has("push") ? body.get("push").asBoolean() : null;
        return new Preferences(types, categories, push);
    }

    /** mutedTypes or mutedCategories: up to 100 names of the type rule, repeats merged. */
    private static List<String> names(JsonNode body, String field, String what, String noun) {
        JsonNode list = body.get(field);
        if (list == null || !list.isArray() || list.size() > MAX_MUTED_TYPES) {
            throw Invalid.field(field + " must be an array of at most " + MAX_MUTED_TYPES + " " + what);
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode n : list) {
            if (!n.isTextual() || !EventNames.isWellFormed(n.asText())) {
                throw Invalid.field("every " + field + " entry must be a " + noun
                        + " name matching ^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$");
            }
            names.add(n.asText());
        }
        return new ArrayList<>(names);
    }
}
