package dev.herald.core.store;

import dev.herald.core.item.ItemKind;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.Target;

import java.nio.charset.StandardCharsets;

/** Builders of new items for store and hub tests. */
public final class TestItems {
    private TestItems() {
    }

    public static NewItem notification(Target target, String title) {
        return notification(target, title, System.currentTimeMillis(), 3_600_000);
    }

    public static NewItem notification(Target target, String title, long createdAt, long ttlMillis) {
        String content = "{\"type\":\"t\",\"title\":\"" + title + "\"}";
        return new NewItem(ItemKind.NOTIFICATION, target, "notification", "t",
                content.getBytes(StandardCharsets.UTF_8), createdAt, createdAt + ttlMillis, null, System.nanoTime());
    }

    /**
     * A notification with a category, tags and actions in its content (as the server builds it),
     * for round trips through stores and buses.
     */
    public static NewItem categorized(Target target, String title, String category) {
        long now = System.currentTimeMillis();
        String content = "{\"type\":\"t\",\"category\":\"" + category + "\",\"title\":\"" + title + "\","
                + "\"tags\":[\"a\",\"b\"],\"actions\":[{\"id\":\"open\",\"label\":\"Open\",\"url\":\"/x\"}]}";
        return new NewItem(ItemKind.NOTIFICATION, target, "notification", "t", category,
                content.getBytes(StandardCharsets.UTF_8), now, now + 3_600_000, null, System.nanoTime());
    }

    /** A notification with a category (or null) and the given tags. */
    public static NewItem tagged(Target target, String title, String category, String... tags) {
        long now = System.currentTimeMillis();
        StringBuilder list = new StringBuilder();
        for (String t : tags) {
            list.append(list.isEmpty() ? "" : ",").append('"').append(t).append('"');
        }
        String content = "{\"type\":\"t\",\"category\":" + (category == null ? "null" : "\"" + category + "\"")
                + ",\"title\":\"" + title + "\",\"tags\":[" + list + "]}";
        return new NewItem(ItemKind.NOTIFICATION, target, "notification", "t", category,
                content.getBytes(StandardCharsets.UTF_8), now, now + 3_600_000, null, System.nanoTime());
    }

    public static NewItem event(Target target, String name, long createdAt, long ttlMillis) {
        String content = "{\"event\":\"" + name + "\",\"data\":null}";
        return new NewItem(ItemKind.EVENT, target, name, null, content.getBytes(StandardCharsets.UTF_8),
                createdAt, createdAt + ttlMillis, null, System.nanoTime());
    }

    public static NewItem withKey(NewItem item, String scopedKey, int recipients) {
        return new NewItem(item.kind(), item.target(), item.event(), item.type(), item.category(), item.content(),
                item.createdAtMillis(),
                item.expiresAtMillis(), new Idempotency(scopedKey, recipients), item.acceptedNanos(),
                item.collapseKey(), item.maxRatePerSecond(), item.digest());
    }

    /** An event with a collapse key (and a rate cap per stream, 0 for none) whose data is {@code value}. */
    public static NewItem collapsible(Target target, String name, String collapseKey, double maxRatePerSecond,
                                      int value) {
        long now = System.currentTimeMillis();
        String content = "{\"event\":\"" + name + "\",\"data\":" + value + "}";
        return new NewItem(ItemKind.EVENT, target, name, null, null, content.getBytes(StandardCharsets.UTF_8),
                now, now + 3_600_000, null, System.nanoTime(), collapseKey, maxRatePerSecond);
    }
}
