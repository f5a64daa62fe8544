package dev.herald.sdk;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A notification to publish: what the user sees in a notification centre. Immutable; build one with
 * {@link #builder()} and publish it with {@link Herald#publish(Target, Notification)}.
 *
 * <p>Only what can never be right is checked here (a missing type or title, a non-positive TTL,
 * data that cannot be turned into JSON). Everything else, such as the type's allowed characters or
 * length limits, is the hub's call and comes back as a {@link HeraldValidationException}.
 */
public final class Notification {
    private final String type;
    private final String title;
    private final String body;
    private final JsonNode data;
    private final String actionUrl;
    private final String category;
    private final List<String> tags;
    private final List<Action> actions;
    private final Priority priority;
    private final Duration ttl;
    private final String idempotencyKey;
    private final Digest digest;

    private Notification(Builder b) {
        this.type = b.type;
        this.title = b.title;
        this.body = b.body;
        this.data = b.data;
        this.actionUrl = b.actionUrl;
        this.category = b.category;
        this.tags = b.tags;
        this.actions = b.actions;
        this.priority = b.priority;
        this.ttl = b.ttl;
        this.idempotencyKey = b.idempotencyKey;
        this.digest = b.digest;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The application's kind of notification, e.g. {@code "order.shipped"}. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Optional<String> body() {
        return Optional.ofNullable(body);
    }

    /** A fresh copy of the data object, so the notification itself stays immutable. */
    public Optional<Map<String, Object>> data() {
        return Optional.ofNullable(data).map(Wire::toMap);
    }

    public Optional<String> actionUrl() {
        return Optional.ofNullable(actionUrl);
    }

    /** The notification center's tab; users can mute a category like a type. */
    public Optional<String> category() {
        return Optional.ofNullable(category);
    }

    /** Up to 10 distinct tags; empty when none were given. */
    public List<String> tags() {
        return tags;
    }

    /** Up to 3 buttons; empty when none were given. */
    public List<Action> actions() {
        return actions;
    }

    public Priority priority() {
        return priority;
    }

    /** How long the hub keeps it for replay, if shorter than the hub's default. */
    public Optional<Duration> ttl() {
        return Optional.ofNullable(ttl);
    }

    /** The caller's idempotency key; when absent the client generates one per publish call. */
    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    /** The digest it merges into, if any (see {@link Builder#digest}). */
    public Optional<Digest> digest() {
        return Optional.ofNullable(digest);
    }

    JsonNode dataTree() {
        return data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Notification n && type.equals(n.type) && title.equals(n.title)
                && Objects.equals(body, n.body) && Objects.equals(data, n.data)
                && Objects.equals(actionUrl, n.actionUrl) && Objects.equals(category, n.category)
                && tags.equals(n.tags) && actions.equals(n.actions) && priority == n.priority && Objects.equals(ttl, n.ttl)
                && Objects.equals(idempotencyKey, n.idempotencyKey) && Objects.equals(digest, n.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, title, body, data, actionUrl, category, tags, actions, priority, ttl, idempotencyKey, digest);
    }

    @Override
    public String toString() {
        // Title, body and data may be personal; keep them out of logs.
        return "Notification[type=" + type + ", priority=" + priority.wireName() + "]";
    }

    /** Builds a {@link Notification}; {@code type} and {@code title} are required. */
    public static final class Builder {
        private String type;
        private String title;
        private String body;
        private JsonNode data;
        private String actionUrl;
        private String category;
        private List<String> tags = List.of();
        private List<Action> actions = List.of();
        private Priority priority = Priority.NORMAL;
        private Duration ttl;
        private String idempotencyKey;
        private Digest digest;

        private Builder() {
        }

        /** Required: a name such as {@code "badge"} or {@code "order.shipped"}. */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /** Required. */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder body(String body) {
            this.body = body;
            return this;
        }

        /**
         * A JSON object for the application. It is converted to JSON now (a snapshot: later changes to
         * the map are not seen), so values must be JSON-like: maps, lists, strings, numbers, booleans,
         * null, records/beans, or Jackson {@code JsonNode}s made with your own mapper.
         *
         * @throws IllegalArgumentException if the map cannot be converted to JSON
         */
        public Builder data(Map<String, ?> data) {
            this.data = data == null ? null : Wire.snapshot(data);
            return this;
        }

        /** An http(s) URL or a path starting with {@code /} that the notification links to. */
        public Builder actionUrl(String actionUrl) {
            this.actionUrl = actionUrl;
            return this;
        }

        /** A name like {@code type}'s (e.g. {@code "billing"}): the notification center's tab. */
        public Builder category(String category) {
            this.category = category;
            return this;
        }

        /** Up to 10 distinct short strings (1..64 characters); null or empty means none. */
        public Builder tags(List<String> tags) {
            this.tags = tags == null ? List.of() : List.copyOf(tags);
            return this;
        }

        /** Up to 3 buttons with distinct ids; null or empty means none. */
        public Builder actions(List<Action> actions) {
            this.actions = actions == null ? List.of() : List.copyOf(actions);
            return this;
        }

        /** Defaults to {@link Priority#NORMAL}. */
        public Builder priority(Priority priority) {
            this.priority = Objects.requireNonNull(priority, "priority");
            return this;
        }

        /**
         * Shortens how long the hub keeps the notification for replay. Sent in whole seconds, rounded
         * up, so a sub-second TTL still means one second rather than zero.
         */
        public Builder ttl(Duration ttl) {
            if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
                throw new IllegalArgumentException("ttl must be positive, got " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        /**
         * A key that makes the publish happen at most once however often it is sent (the hub keeps
         * keys for a day). Give your own when you may re-send after a crash; otherwise the client
         * generates one per publish call, which still makes its own retries safe.
         */
        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = Wire.checkKey(idempotencyKey);
            return this;
        }

        /**
         * Merges this notification with the user's others of the same digest key within its window
         * into one inbox item with a count; later ones update it instead of raising new alerts. The
         * hub accepts it only for a single user ({@link Target#user}); null removes it.
         */
        public Builder digest(Digest digest) {
            this.digest = digest;
            return this;
        }

        /** @throws IllegalStateException if {@code type} or {@code title} is missing or blank */
        public Notification build() {
            if (type == null || type.isBlank()) {
                throw new IllegalStateException("type is required");
            }
            if (title == null || title.isBlank()) {
                throw new IllegalStateException("title is required");
            }
            return new Notification(this);
        }
    }
}
