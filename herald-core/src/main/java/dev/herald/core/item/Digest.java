package dev.herald.core.item;

import java.util.Objects;

/**
 * A notification's digest: notifications of the same user and {@code key} that arrive within
 * {@code windowMillis} of the first one are merged into that first one's inbox item (see
 * {@link DigestMerge}). The window is fixed at the first notification: a steady stream makes one item
 * per window, never one that stays open for ever.
 *
 * @param key           the digest key, e.g. {@code comments:post-42} (the server checks its form)
 * @param windowMillis  how long after the first notification later ones merge into it, {@code > 0}
 * @param titleTemplate the title of a merged item with {@code {count}} replaced by the count, or null
 *                      for the latest notification's own title; taken from the latest notification
 */
public record Digest(String key, long windowMillis, String titleTemplate) {
    /** Where {@link #titleTemplate} takes the count. */
    public static final String COUNT = "{count}";

    public Digest {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("windowMillis must be > 0");
        }
    }
}
