package dev.herald.core.store.model;

import dev.herald.core.item.Digest;
import dev.herald.core.item.ItemKind;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.Target;
import dev.herald.core.store.Idempotency;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One item of a {@link Command.Publish}, built into a {@link NewItem} the way the server builds
 * them when the command runs (created now, expiring {@code ttlMillis} later).
 *
 * @param kind        a notification, an event, or an event with a collapse key
 * @param audience    {@code "ann"}, {@code "ann+cy"} (a list) or {@code "*"} (everyone)
 * @param type        the notification's type (muting works on it)
 * @param category    the notification's category, or null
 * @param tagged      whether the notification carries the tag {@code a}
 * @param withAction  whether the notification has the action button {@code open}
 * @param ttlMillis   how long the item lives
 * @param key         the publisher's idempotency key, or null
 * @param recipients  the recipient count the first reply gave (a retry repeats it)
 * @param digestKey   a notification to one user only: the digest it merges into, or null
 * @param title       varies the content; every third has multi-byte characters (a replay page's byte
 *                    budget counts bytes)
 */
public record Draft(Kind kind, String audience, String type, String category, boolean tagged, boolean withAction,
                    long ttlMillis, String key, int recipients, String digestKey, int title) {

    /** How long a digest stays open after its first notification. */
    public static final long DIGEST_WINDOW_MILLIS = 30_000;

    public enum Kind { NOTIFICATION, EVENT, COLLAPSIBLE }

    public NewItem build(long now) {
        Idempotency idempotency = key == null ? null : new Idempotency("pub:" + key, recipients);
        Target target = target(audience);
        if (kind != Kind.NOTIFICATION) {
            String content = "{\"event\":\"e\",\"data\":" + title + "}";
            return new NewItem(ItemKind.EVENT, target, "e", null, null, bytes(content), now, now + ttlMillis,
                    idempotency, System.nanoTime(), kind == Kind.COLLAPSIBLE ? "progress" : null,
                    kind == Kind.COLLAPSIBLE && title % 2 == 0 ? 2.5 : 0);
        }
        StringBuilder content = new StringBuilder("{\"type\":\"").append(type).append("\",\"category\":")
                .append(category == null ? "null" : "\"" + category + "\"")
                .append(",\"title\":\"n").append(title).append(title % 3 == 0 ? "\u00e9\u65e5" : "").append("\",\"tags\":[").append(tagged ? "\"a\"" : "").append(']');
        if (withAction) {
            content.append(",\"actions\":[{\"id\":\"open\",\"label\":\"Open\",\"url\":\"/x\"}]");
        }
        Digest digest = null;
        if (digestKey != null) {
            digest = new Digest(digestKey, DIGEST_WINDOW_MILLIS, title % 2 == 0 ? "{count} new" : null);
            content.append(",\"digest\":{\"key\":\"").append(digestKey).append("\",\"windowSeconds\":30},\"count\":1");
        }
        content.append(",\"createdAt\":\"t").append(now).append("\"}");
        return new NewItem(ItemKind.NOTIFICATION, target, "notification", type, category, bytes(content.toString()),
                now, now + ttlMillis, idempotency, System.nanoTime(), digest);
    }

    /** {@code "ann"}, {@code "ann+cy"} or {@code "*"} as a target. */
    static Target target(String audience) {
        if (audience.equals("*")) {
            return Target.everyone();
        }
        List<String> users = List.of(audience.split("\\+"));
        return users.size() == 1 ? Target.user(users.get(0)) : Target.users(users);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
