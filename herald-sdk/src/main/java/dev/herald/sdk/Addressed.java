package dev.herald.sdk;

import java.util.Objects;

/**
 * A notification and whom it is for: one element of {@link Herald#publishAll(java.util.List)}.
 * Immutable, as both parts are.
 */
public record Addressed(Target target, Notification notification) {
    public Addressed {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(notification, "notification");
    }

    /** Reads as it is sent: {@code Addressed.to(Target.user("alice"), shipped)}. */
    public static Addressed to(Target target, Notification notification) {
        return new Addressed(target, notification);
    }
}
