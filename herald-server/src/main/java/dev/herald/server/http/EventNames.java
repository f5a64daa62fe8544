package dev.herald.server.http;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which SSE event names applications may use. The pattern admits no whitespace, CR, LF or
 * colon-space, so a name can never end its line early and forge fields (SSE injection); the control
 * names are the hub's own, so an application cannot fake a reset, an expiry or a notification.
 */
public final class EventNames {
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$");
    static final Set<String> RESERVED = Set.of("connected", "reset", "token_expired", "heartbeat", "error", "message",
            "shutdown", "notification", "notification.read", "notification.deleted", "preferences.updated",
            "notification.seen", "notification.unread", "notification.archived", "notification.unarchived",
            "notification.updated", "notification.acted", "notifications.bulk");

    private EventNames() {
    }

    /** A syntactically valid name (used for filters, where control names may be listed harmlessly). */
    public static boolean isWellFormed(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** A name an application may publish under. */
    public static boolean isPublishable(String name) {
        return isWellFormed(name) && !RESERVED.contains(name) && !name.startsWith("herald.");
    }
}
