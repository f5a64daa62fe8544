package dev.herald.sdk;

import java.util.Objects;
import java.util.Optional;

/**
 * A button on a notification: an id the application recognises, a label of up to 64 characters
 * and an optional link (the {@code actionUrl} rules). The hub checks the rules and answers a
 * {@link HeraldValidationException} when one does not hold.
 */
public record Action(String id, String label, Optional<String> url) {
    public Action {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(url, "url");
    }

    /** A button without a link. */
    public static Action of(String id, String label) {
        return new Action(id, label, Optional.empty());
    }

    /** A button that links to an http(s) URL or a path starting with {@code /}. */
    public static Action of(String id, String label, String url) {
        return new Action(id, label, Optional.of(url));
    }
}
