package dev.herald.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.item.Digest;
import dev.herald.core.item.Target;

import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The digest fields of a publish (issue 15): {@code digest: {"key", "windowSeconds"}} and the
 * optional {@code digestTitle} template. A JSON null is the same as leaving a field out; a bad value
 * is rejected whole with a message naming the field. A digest is per user, so it needs one
 * {@code userId}: a list or a broadcast would need one open digest per recipient.
 */
final class NotificationDigest {
    static final int MAX_KEY_LENGTH = 128;
    static final long MAX_WINDOW_SECONDS = 86_400;
    /** The name rule of types and categories, twice as long: keys often hold one or two ids. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0," + (MAX_KEY_LENGTH - 1) + "}");
    private static final Set<String> FIELDS = Set.of("key", "windowSeconds");

    private NotificationDigest() {
    }

    /** The digest of a publish, or null when it has none; {@code digestTitle} without one is an error. */
    static Digest of(ObjectNode obj, Target target) {
        JsonNode d = obj.get("digest");
        String template = digestTitle(obj);
        if (d == null || d.isNull()) {
            if (template != null) {
                throw Invalid.field("digestTitle needs a digest");
            }
            return null;
        }
        if (!d.isObject()) {
            throw Invalid.field("digest must be an object {\"key\", \"windowSeconds\"}");
        }
        for (Iterator<String> names = d.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw Invalid.field("digest has an unknown field: only key and windowSeconds");
            }
        }
        JsonNode key = d.get("key");
        if (key == null || !key.isTextual() || !KEY.matcher(key.asText()).matches()) {
            throw Invalid.field("digest.key must match ^[A-Za-z0-9][A-Za-z0-9._:-]{0," + (MAX_KEY_LENGTH - 1) + "}$");
        }
        JsonNode window = d.get("windowSeconds");
        if (window == null || !window.isIntegralNumber() || !window.canConvertToLong()
                || window.asLong() < 1 || window.asLong() > MAX_WINDOW_SECONDS) {
            throw Invalid.field("digest.windowSeconds must be a whole number of seconds from 1 to " + MAX_WINDOW_SECONDS);
        }
        if (target.userId() == null) {
            throw Invalid.field("digest needs a single userId: a digest is one user's");
        }
        return new Digest(key.asText(), window.asLong() * 1000, template);
    }

    /** What a notification with a digest carries: the digest as given and its count, 1 at first. */
    static void putInto(ObjectNode content, Digest digest) {
        ObjectNode d = content.putObject("digest");
        d.put("key", digest.key());
        d.put("windowSeconds", digest.windowMillis() / 1000);
        content.put("count", 1);
    }

    /** The title rule: 1..512 characters, not blank. */
    private static String digestTitle(ObjectNode obj) {
        JsonNode n = obj.get("digestTitle");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank() || n.asText().length() > 512) {
            throw Invalid.field("digestTitle must be a string of 1..512 characters, not blank");
        }
        return n.asText();
    }
}
