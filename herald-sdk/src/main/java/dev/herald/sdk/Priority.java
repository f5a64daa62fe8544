package dev.herald.sdk;

import java.util.Locale;

/** How urgent a notification is; the hub passes it through to subscribers. */
public enum Priority {
    LOW,
    NORMAL,
    HIGH,
    URGENT;

    /** The hub's spelling of this priority, e.g. {@code "high"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
