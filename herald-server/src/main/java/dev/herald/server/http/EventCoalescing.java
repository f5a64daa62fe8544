package dev.herald.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.regex.Pattern;

/**
 * The coalescing fields of {@code POST /v1/events}: {@code collapseKey} (a name like an event name, up to
 * 128 characters) and {@code maxRatePerSecond} (0.1 to 1000, only with a collapse key). Both absent
 * means an event that is never coalesced.
 */
final class EventCoalescing {
    private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");
    static final double MIN_RATE = 0.1;
    static final double MAX_RATE = 1000;

    private EventCoalescing() {
    }

    /** The collapse key, or null when not given. */
    static String collapseKey(ObjectNode obj) {
        JsonNode n = obj.get("collapseKey");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || !KEY.matcher(n.asText()).matches()) {
            throw Invalid.field("collapseKey must match ^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");
        }
        return n.asText();
    }

    /** The rate cap per key per stream, or 0 when not given. */
    static double maxRatePerSecond(ObjectNode obj, String collapseKey) {
        JsonNode n = obj.get("maxRatePerSecond");
        if (n == null || n.isNull()) {
            return 0;
        }
        if (collapseKey == null) {
            throw Invalid.field("maxRatePerSecond needs a collapseKey (the rate is capped per key)");
        }
        if (!n.isNumber() || !(n.asDouble() >= MIN_RATE && n.asDouble() <= MAX_RATE)) {
            throw Invalid.field("maxRatePerSecond must be a number from 0.1 to 1000");
        }
        return n.asDouble();
    }
}
