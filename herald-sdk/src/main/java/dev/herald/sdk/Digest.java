package dev.herald.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A notification's digest: the hub merges it with the same user's other notifications of this
 * {@code key} that arrive within {@code window} of the first into one inbox item with a count
 * (docs/api.md, "Digests"). Only for a notification to a single user.
 *
 * @param key    1..128 characters like a type, e.g. {@code comments:post-42}
 * @param window from one second to one day; sent in whole seconds, rounded up
 * @param title  the item's title once it holds more than one, {@code {count}} replaced by the count
 *               (e.g. {@code "{count} new comments"}), or null to keep the latest notification's title
 */
public record Digest(String key, Duration window, String title) {
    public Digest {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(window, "window");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        if (window.isNegative() || window.isZero() || window.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("window must be from 1 second to 1 day, got " + window);
        }
    }

    /** A digest that keeps the latest notification's title. */
    public Digest(String key, Duration window) {
        this(key, window, null);
    }

    /** The title template, if one was given. */
    public Optional<String> titleTemplate() {
        return Optional.ofNullable(title);
    }
}
