package dev.herald.core.item;

import dev.herald.core.sse.Frame;
import dev.herald.core.sse.SseFrames;

import java.nio.charset.StandardCharsets;

/**
 * An item in the log: a {@link NewItem} plus its place in the one dense sequence. Immutable; the
 * SSE frame is encoded once, here, and the same bytes go to every stream that receives the item.
 */
public final class Item {
    private static final String OWN_ID = "{\"id\":";
    private final long seq;
    private final String id;
    private final ItemKind kind;
    private final Target target;
    private final String event;
    private final String type;
    private final String category;
    private final byte[] content;
    private final long createdAtMillis;
    private final long expiresAtMillis;
    private final long acceptedNanos;
    private final String collapseKey;
    private final double maxRatePerSecond;
    private final Frame frame;

    public Item(String epoch, long seq, NewItem item) {
        this(epoch, seq, item.kind(), item.target(), item.event(), item.type(), item.category(), item.content(),
                item.createdAtMillis(), item.expiresAtMillis(), item.acceptedNanos(), item.collapseKey(),
                item.maxRatePerSecond());
    }

    /** An item without a category. */
    public Item(String epoch, long seq, ItemKind kind, Target target, String event, String type, byte[] content,
                long createdAtMillis, long expiresAtMillis, long acceptedNanos) {
        this(epoch, seq, kind, target, event, type, null, content, createdAtMillis, expiresAtMillis, acceptedNanos);
    }

    /** An item that is never coalesced. */
    public Item(String epoch, long seq, ItemKind kind, Target target, String event, String type, String category,
                byte[] content, long createdAtMillis, long expiresAtMillis, long acceptedNanos) {
        this(epoch, seq, kind, target, event, type, category, content, createdAtMillis, expiresAtMillis, acceptedNanos,
                null, 0);
    }

    /** With a collapse key (events only, else null) and its rate cap per stream (0 for none). */
    public Item(String epoch, long seq, ItemKind kind, Target target, String event, String type, String category,
                byte[] content, long createdAtMillis, long expiresAtMillis, long acceptedNanos, String collapseKey,
                double maxRatePerSecond) {
        this.seq = seq;
        this.collapseKey = collapseKey;
        this.maxRatePerSecond = maxRatePerSecond;
        this.id = EventId.format(epoch, seq);
        this.kind = kind;
        this.target = target;
        this.event = event;
        this.type = type;
        this.category = category;
        this.content = content;
        this.createdAtMillis = createdAtMillis;
        this.expiresAtMillis = expiresAtMillis;
        this.acceptedNanos = acceptedNanos;
        this.frame = Frame.of(SseFrames.event(id, event, dataJson()));
    }

    /**
     * The delivered JSON: the content with {@code "id"} as its first member. A sync item whose content
     * already starts with an {@code "id"} speaks of another item (a publisher's edit or retraction of
     * a notification, see {@link dev.herald.core.inbox.SyncItems#updated}): its data carries that
     * item's id, while its SSE {@code id:} line stays its own position in the log.
     */
    public String dataJson() {
        String body = new String(content, StandardCharsets.UTF_8);
        if (kind == ItemKind.SYNC && body.startsWith(OWN_ID)) {
            return body;
        }
        String head = "{\"id\":\"" + id + '"';
        return body.length() == 2 ? head + '}' : head + ',' + body.substring(1);
    }

    public long seq() {
        return seq;
    }

    public String id() {
        return id;
    }

    public ItemKind kind() {
        return kind;
    }

    public Target target() {
        return target;
    }

    public String event() {
        return event;
    }

    public String type() {
        return type;
    }

    /** The notification's category, or null (muting by category works on it). */
    public String category() {
        return category;
    }

    public byte[] content() {
        return content;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    /** 0 when the item was accepted on another node or read back from the store. */
    public long acceptedNanos() {
        return acceptedNanos;
    }

    /**
     * The event's collapse key, or null (never for anything but events): a stream that is behind gets
     * only the latest item per key, and {@link #maxRatePerSecond()} caps how often it gets one live.
     */
    public String collapseKey() {
        return collapseKey;
    }

    /** Events of this collapse key per second per stream at most (latest wins); 0 for no cap. */
    public double maxRatePerSecond() {
        return maxRatePerSecond;
    }

    /** The complete SSE frame, encoded once and shared by every stream. */
    public Frame frame() {
        return frame;
    }

    @Override
    public String toString() {
        return "Item[" + id + " " + kind + " " + event + " -> " + target + "]";
    }
}
