package dev.herald.core.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.item.Item;
import dev.herald.core.item.ItemKind;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.Target;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The items that mirror inbox changes to a user's other tabs and devices. Stores build them inside
 * the transaction that makes the change, so the counts they carry are exact.
 */
public final class SyncItems {
    public static final String READ = "notification.read";
    public static final String DELETED = "notification.deleted";
    public static final String PREFERENCES = "preferences.updated";
    public static final String SEEN = "notification.seen";
    public static final String UNREAD = "notification.unread";
    public static final String ARCHIVED = "notification.archived";
    public static final String UNARCHIVED = "notification.unarchived";
    /** A publisher edited a notification: the data is the whole new notification, under its own id. */
    public static final String UPDATED = "notification.updated";
    public static final String ACTED = "notification.acted";
    public static final String BULK = "notifications.bulk";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private SyncItems() {
    }

    /** The timestamp format used in every item and inbox entry. */
    public static String time(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis));
    }

    /** {@code notification.read}: one notification, or all of them when {@code notificationId} is null. */
    public static NewItem read(String userId, String notificationId, long readAtMillis, InboxCounts counts,
                               long nowMillis, long retentionMillis) {
        ObjectNode c = MAPPER.createObjectNode();
        c.put("notificationId", notificationId);
        c.put("all", notificationId == null);
        c.put("readAt", time(readAtMillis));
        putCounts(c, counts);
        return sync(userId, READ, c, nowMillis, retentionMillis);
    }

    /**
     * One of the per-notification state changes ({@link #SEEN}, {@link #UNREAD}, {@link #ARCHIVED},
     * {@link #UNARCHIVED}): the notification, its seen, read and archived times after the change
     * (null when not), and the user's new counts.
     */
    public static NewItem state(String userId, String event, String notificationId, long seenAtMillis,
                                long readAtMillis, long archivedAtMillis, InboxCounts counts,
                                long nowMillis, long retentionMillis) {
        ObjectNode c = MAPPER.createObjectNode();
        c.put("notificationId", notificationId);
        putTime(c, "seenAt", seenAtMillis);
        putTime(c, "readAt", readAtMillis);
        putTime(c, "archivedAt", archivedAtMillis);
        putCounts(c, counts);
        return sync(userId, event, c, nowMillis, retentionMillis);
    }

    /**
     * Every inbox sync item's counts: {@code unreadCount} and {@code unseenCount} (the whole inbox)
     * and {@code counts}, the same object as {@code GET /v1/me/notifications/counts} answers, so a tab
     * updates every badge without a request.
     */
    public static void putCounts(ObjectNode content, InboxCounts counts) {
        content.put("unreadCount", counts.all().unread());
        content.put("unseenCount", counts.all().unseen());
        content.set("counts", countsNode(counts));
    }

    /** {@code {"unread","unseen","total","categories":{name:{"unread","unseen","total"}}}}, categories by name. */
    public static ObjectNode countsNode(InboxCounts counts) {
        ObjectNode out = countsOf(counts.all());
        ObjectNode categories = out.putObject("categories");
        new java.util.TreeMap<>(counts.categories()).forEach((name, c) -> categories.set(name, countsOf(c)));
        return out;
    }

    private static ObjectNode countsOf(InboxCounts.Counts c) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("unread", c.unread());
        out.put("unseen", c.unseen());
        out.put("total", c.total());
        return out;
    }

    /**
     * {@code notification.acted}: the notification, the action taken first and when, its seen, read
     * and archived times after the change, and the counts.
     */
    public static NewItem acted(String userId, String notificationId, String actionId, long actedAtMillis,
                                long seenAtMillis, long readAtMillis, long archivedAtMillis, InboxCounts counts,
                                long nowMillis, long retentionMillis) {
        ObjectNode c = MAPPER.createObjectNode();
        c.put("notificationId", notificationId);
        c.put("actionId", actionId);
        putTime(c, "actedAt", actedAtMillis);
        putTime(c, "seenAt", seenAtMillis);
        putTime(c, "readAt", readAtMillis);
        putTime(c, "archivedAt", archivedAtMillis);
        putCounts(c, counts);
        return sync(userId, ACTED, c, nowMillis, retentionMillis);
    }

    /**
     * {@code notifications.bulk}: what was asked (the action, the listed ids or the "all" filter as
     * applied, with the default for {@code archived} filled in), how many changed, and the counts.
     *
     * @param ids the listed notifications' ids, or null for "all"
     */
    public static NewItem bulk(String userId, InboxBulk bulk, List<String> ids, int changed,
                               InboxCounts counts, long nowMillis, long retentionMillis) {
        ObjectNode c = MAPPER.createObjectNode();
        c.put("action", bulk.action().wireName());
        if (ids == null) {
            c.putNull("ids");
        } else {
            ArrayNode list = c.putArray("ids");
            ids.forEach(list::add);
        }
        c.put("all", bulk.all());
        if (bulk.all()) {
            ObjectNode f = c.putObject("filter");
            InboxBulk.Filter filter = bulk.filter();
            if (filter.category() != null) {
                f.put("category", filter.category());
            }
            if (filter.read() != null) {
                f.put("read", filter.read());
            }
            f.put("archived", filter.archivedFor(bulk.action()));
        } else {
            c.putNull("filter");
        }
        c.put("changed", changed);
        putCounts(c, counts);
        return sync(userId, BULK, c, nowMillis, retentionMillis);
    }

    private static void putTime(ObjectNode c, String field, long millis) {
        if (millis == 0) {
            c.putNull(field);
        } else {
            c.put(field, time(millis));
        }
    }

    /** {@code notification.deleted}. */
    public static NewItem deleted(String userId, String notificationId, InboxCounts counts, long nowMillis,
                                  long retentionMillis) {
        ObjectNode c = MAPPER.createObjectNode();
        c.put("notificationId", notificationId);
        putCounts(c, counts);
        return sync(userId, DELETED, c, nowMillis, retentionMillis);
    }

    /**
     * {@code notification.updated} for a publisher's edit: addressed like the notification itself,
     * its data is the whole new notification under the notification's id ({@link Item#dataJson}),
     * exactly what a {@code notification} event of that version would carry.
     */
    public static NewItem updated(Target target, String notificationId, byte[] newContent, long nowMillis,
                                  long retentionMillis) {
        // Spliced, not re-encoded: the notification's JSON (its data's numbers too) goes out exactly as stored.
        byte[] head = ("{\"id\":\"" + notificationId + "\",").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] content = new byte[head.length + newContent.length - 1];
        System.arraycopy(head, 0, content, 0, head.length);
        System.arraycopy(newContent, 1, content, head.length, newContent.length - 1);
        return new NewItem(ItemKind.SYNC, target, UPDATED, null, content, nowMillis, nowMillis + retentionMillis, null,
                System.nanoTime());
    }

    /**
     * {@code notification.deleted} for a publisher's retraction: {@code {"id","notificationId","retracted":true}} (both the notification's id),
     * addressed like the notification. It carries no counts: one item serves every recipient, whose
     * clients refetch theirs.
     */
    public static NewItem retracted(Target target, String notificationId, long nowMillis, long retentionMillis) {
        ObjectNode c = MAPPER.createObjectNode();
        c.put("id", notificationId);
        // As in a user's own delete, so one handler reads data.notificationId for both.
        c.put("notificationId", notificationId);
        c.put("retracted", true);
        return publisherSync(target, DELETED, c, nowMillis, retentionMillis);
    }

    /** What a retracted notification's row holds instead of its content: the text is gone. */
    public static byte[] retractedContent() {
        return "{\"retracted\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static NewItem publisherSync(Target target, String event, ObjectNode content, long nowMillis,
                                         long retentionMillis) {
        try {
            return new NewItem(ItemKind.SYNC, target, event, null, MAPPER.writeValueAsBytes(content), nowMillis,
                    nowMillis + retentionMillis, null, System.nanoTime());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code preferences.updated}: the user's muted types and categories, for their open streams and tabs. */
    public static NewItem preferences(String userId, Muted muted, InboxCounts counts, long nowMillis,
                                      long retentionMillis) {
        ObjectNode c = MAPPER.createObjectNode();
        ArrayNode types = c.putArray("mutedTypes");
        muted.types().forEach(types::add);
        ArrayNode categories = c.putArray("mutedCategories");
        muted.categories().forEach(categories::add);
        c.put("push", muted.push());
        putCounts(c, counts);
        return sync(userId, PREFERENCES, c, nowMillis, retentionMillis);
    }

    /** The muted types a {@code preferences.updated} item carries. */
    public static Set<String> mutedTypesOf(Item item) {
        return mutedOf(item).types();
    }

    /** The muted types and categories a {@code preferences.updated} item carries. */
    public static Muted mutedOf(Item item) {
        try {
            JsonNode content = MAPPER.readTree(item.content());
            return new Muted(strings(content.path("mutedTypes")), strings(content.path("mutedCategories")),
                    content.path("push").asBoolean(true));
        } catch (IOException e) {
            throw new IllegalStateException("malformed preferences item " + item.id(), e);
        }
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static NewItem sync(String userId, String event, ObjectNode content, long nowMillis, long retentionMillis) {
        content.put("createdAt", time(nowMillis));
        try {
            return new NewItem(ItemKind.SYNC, Target.user(userId), event, null, MAPPER.writeValueAsBytes(content),
                    nowMillis, nowMillis + retentionMillis, null, System.nanoTime());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
