package dev.herald.sdk;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;
import java.util.Optional;

/**
 * A custom SSE event to publish: arrives on subscribers' streams under its {@link #name()} with any
 * JSON value as data, e.g. {@code score.updated}. Immutable; build one with {@link #builder()}.
 * The hub decides which names are allowed (its own control names such as {@code notification}
 * are reserved) and answers a {@link HeraldValidationException} otherwise.
 */
public final class Event {
    private final String name;
    private final JsonNode data;
    private final String idempotencyKey;
    private final String collapseKey;
    private final Double maxRatePerSecond;

    private Event(Builder b) {
        this.name = b.name;
        this.data = b.data;
        this.idempotencyKey = b.idempotencyKey;
        this.collapseKey = b.collapseKey;
        this.maxRatePerSecond = b.maxRatePerSecond;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The SSE event name subscribers listen for. */
    public String name() {
        return name;
    }

    /** A fresh plain-Java copy of the data (maps, lists, strings, numbers, booleans). */
    public Optional<Object> data() {
        return Optional.ofNullable(data).map(Wire::toPlain);
    }

    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    /** Events of the same key supersede each other for a subscriber that is behind (see the hub's docs). */
    public Optional<String> collapseKey() {
        return Optional.ofNullable(collapseKey);
    }

    /** Events of the collapse key per second per stream at most, latest wins; empty for no cap. */
    public Optional<Double> maxRatePerSecond() {
        return Optional.ofNullable(maxRatePerSecond);
    }

    JsonNode dataTree() {
        return data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event e && name.equals(e.name) && Objects.equals(data, e.data)
                && Objects.equals(idempotencyKey, e.idempotencyKey) && Objects.equals(collapseKey, e.collapseKey)
                && Objects.equals(maxRatePerSecond, e.maxRatePerSecond);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, data, idempotencyKey, collapseKey, maxRatePerSecond);
    }

    @Override
    public String toString() {
        return "Event[name=" + name + "]";
    }

    /** Builds an {@link Event}; {@code name} is required. */
    public static final class Builder {
        private String name;
        private JsonNode data;
        private String idempotencyKey;
        private String collapseKey;
        private Double maxRatePerSecond;

        private Builder() {
        }

        /** Required: the SSE event name, e.g. {@code "score.updated"}. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Any JSON value: a map, list, string, number, boolean, record/bean or Jackson {@code JsonNode}.
         * Converted to JSON now, so later changes to the object are not seen.
         *
         * @throws IllegalArgumentException if the value cannot be converted to JSON
         */
        public Builder data(Object data) {
            this.data = data == null ? null : Wire.snapshot(data);
            return this;
        }

        /** See {@link Notification.Builder#idempotencyKey(String)}. */
        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = Wire.checkKey(idempotencyKey);
            return this;
        }

        /**
         * Coalescing: a subscriber that is behind (resuming, or reading slower than events come) gets
         * only the latest event of this key, e.g. {@code "upload:abc"}. The hub checks the name rule.
         */
        public Builder collapseKey(String collapseKey) {
            this.collapseKey = collapseKey;
            return this;
        }

        /**
         * With a {@link #collapseKey}: at most this many events of the key per second per stream,
         * latest wins, the last one always delivered (0.1 to 1000, checked by the hub).
         */
        public Builder maxRatePerSecond(double maxRatePerSecond) {
            this.maxRatePerSecond = maxRatePerSecond;
            return this;
        }

        /** @throws IllegalStateException if {@code name} is missing or blank, or a rate is given without a collapse key */
        public Event build() {
            if (name == null || name.isBlank()) {
                throw new IllegalStateException("name is required");
            }
            if (maxRatePerSecond != null && collapseKey == null) {
                throw new IllegalStateException("maxRatePerSecond needs a collapseKey");
            }
            return new Event(this);
        }
    }
}
