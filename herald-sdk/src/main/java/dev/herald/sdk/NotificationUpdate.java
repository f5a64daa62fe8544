package dev.herald.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An edit of a published notification, for {@link Herald#update}: only the fields set here change.
 * Setting an optional field to {@code null} clears it (body, data, actionUrl and category become
 * null, tags and actions empty, priority {@code normal}); the title can be replaced, not cleared.
 * The type, the recipients and the lifetime of a notification cannot be edited. Immutable once
 * built.
 *
 * <pre>{@code
 * herald.update(id, NotificationUpdate.builder().title("Your order was delivered").body(null).build());
 * }</pre>
 */
public final class NotificationUpdate {
    private final ObjectNode fields;

    private NotificationUpdate(ObjectNode fields) {
        this.fields = fields;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The request body: the fields set, in the order they were set. */
    JsonNode wire() {
        return fields.deepCopy();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NotificationUpdate u && fields.equals(u.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return "NotificationUpdate" + fields;
    }

    /** Builds a {@link NotificationUpdate}; at least one field must be set. */
    public static final class Builder {
        private final ObjectNode fields = JsonNodeFactory.instance.objectNode();

        private Builder() {
        }

        /** The new title (1..512 characters, not blank). */
        public Builder title(String title) {
            fields.put("title", Objects.requireNonNull(title, "title cannot be cleared"));
            return this;
        }

        /** The new body; null clears it. */
        public Builder body(String body) {
            fields.put("body", body);
            return this;
        }

        /** The new data (converted to JSON now, as {@link Notification.Builder#data} does); null clears it. */
        public Builder data(Map<String, ?> data) {
            fields.set("data", data == null ? null : Wire.snapshot(data));
            return this;
        }

        /** The new link; null clears it. */
        public Builder actionUrl(String actionUrl) {
            fields.put("actionUrl", actionUrl);
            return this;
        }

        /** The new category (its tab moves with it); null clears it. */
        public Builder category(String category) {
            fields.put("category", category);
            return this;
        }

        /** The new tags, replacing all of them; null or an empty list clears them. */
        public Builder tags(List<String> tags) {
            if (tags == null) {
                fields.putNull("tags");
            } else {
                ArrayNode list = fields.putArray("tags");
                tags.forEach(t -> list.add(Objects.requireNonNull(t, "tags must not hold null")));
            }
            return this;
        }

        /** The new buttons, replacing all of them; null or an empty list clears them. */
        public Builder actions(List<Action> actions) {
            if (actions == null) {
                fields.putNull("actions");
            } else {
                ArrayNode list = fields.putArray("actions");
                for (Action a : actions) {
                    ObjectNode action = list.addObject().put("id", a.id()).put("label", a.label());
                    a.url().ifPresent(u -> action.put("url", u));
                }
            }
            return this;
        }

        /** The new priority; null sets it back to {@link Priority#NORMAL}. */
        public Builder priority(Priority priority) {
            fields.put("priority", priority == null ? null : priority.wireName());
            return this;
        }

        /** @throws IllegalStateException if no field was set (the hub refuses an empty edit) */
        public NotificationUpdate build() {
            if (fields.isEmpty()) {
                throw new IllegalStateException("set at least one field to update");
            }
            return new NotificationUpdate(fields.deepCopy());
        }
    }
}
