package dev.herald.core.store;

import java.util.Objects;

/**
 * A publisher's retry key, already scoped to the publisher (so two publishers never collide), and
 * the part of the first reply a retry must repeat.
 */
public record Idempotency(String scopedKey, int recipients) {
    public Idempotency {
        Objects.requireNonNull(scopedKey, "scopedKey");
    }
}
