package dev.herald.core.item;

/**
 * A publisher's edit of a notification, as the store applies it inside its write transaction to the
 * version it holds: concurrent edits therefore each build on the one before them in log order (the
 * last writer wins, field by field). The hub's HTTP layer implements it with the publish rules (it
 * validated the fields before the edit reached the store, and it knows how to keep the content's
 * JSON exact); the store knows no JSON rules.
 */
@FunctionalInterface
public interface NotificationEdit {

    /** The new version from the stored content of the notification (a JSON object without its id). */
    Edited apply(byte[] content);

    /**
     * A new version of a notification.
     *
     * @param content  the new content, a JSON object without the id (as a publish stores it)
     * @param category the category the new content names, or null: it decides the notification's tab
     */
    record Edited(byte[] content, String category) {
        public Edited {
            java.util.Objects.requireNonNull(content, "content");
            if (content.length < 3 || content[0] != '{' || content[content.length - 1] != '}') {
                throw new IllegalArgumentException("an edited notification must be a non-empty JSON object");
            }
        }
    }
}
