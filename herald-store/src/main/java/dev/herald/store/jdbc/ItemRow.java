package dev.herald.store.jdbc;

import dev.herald.core.item.Item;
import dev.herald.core.item.ItemKind;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.Target;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of {@code items}, and the codes its columns use. Content is stored as the exact bytes
 * given, so an item read back encodes to the same SSE frame as the one written.
 *
 * <p>Events have neither a type nor a category (muting and counts only ever read them for
 * notifications), so an event's two columns hold its collapse key and its rate cap instead (decision
 * "Coalescing needs no migration" in docs/decisions-coalesce.md): no schema change, and replay on
 * every store knows which events collapse.
 */
record ItemRow(long seq, ItemKind kind, int audience, String userId, String event, String type, String category,
               byte[] content,
               long createdAtMillis, long expiresAtMillis) {

    /** The columns {@link #read} expects, in order. */
    static final String COLUMNS = "seq, kind, audience, user_id, event, type, content, created_at, expires_at, category";

    static final int USER = 0;
    static final int LIST = 1;
    static final int EVERYONE = 2;

    /** Stored codes are fixed here (not enum ordinals), so reordering ItemKind never rewrites history. */
    static int kindCode(ItemKind kind) {
        return switch (kind) {
            case NOTIFICATION -> 0;
            case EVENT -> 1;
            case SYNC -> 2;
            case RETRACTED -> 3;
        };
    }

    static ItemKind kindOf(int code) {
        return switch (code) {
            case 0 -> ItemKind.NOTIFICATION;
            case 1 -> ItemKind.EVENT;
            case 2 -> ItemKind.SYNC;
            case 3 -> ItemKind.RETRACTED;
            default -> throw new IllegalStateException("unknown item kind code " + code);
        };
    }

    static int audienceOf(Target target) {
        return target.isBroadcast() ? EVERYONE : target.userId() != null ? USER : LIST;
    }

    /** Reads the row the result set stands on, selected with {@link #COLUMNS} starting at column 1. */
    static ItemRow read(ResultSet rs) throws SQLException {
        return new ItemRow(rs.getLong(1), kindOf(rs.getInt(2)), rs.getInt(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(10), rs.getBytes(7), rs.getLong(8), rs.getLong(9));
    }

    /** What the {@code type} column holds: a notification's type, an event's collapse key. */
    static String typeColumn(NewItem n) {
        return n.kind() == ItemKind.EVENT ? n.collapseKey() : n.type();
    }

    /** What the {@code category} column holds: a notification's category, an event's rate cap (if any). */
    static String categoryColumn(NewItem n) {
        if (n.kind() != ItemKind.EVENT) {
            return n.category();
        }
        return n.maxRatePerSecond() > 0 ? Double.toString(n.maxRatePerSecond()) : null;
    }

    /**
     * The item, with {@code listTarget} standing for the recipient list (callers load the full list
     * only when they need it). Items read back carry acceptedNanos 0, as {@link Item} documents.
     */
    Item toItem(String epoch, Target listTarget) {
        Target target = switch (audience) {
            case USER -> Target.user(userId);
            case EVERYONE -> Target.everyone();
            default -> {
                if (listTarget == null) {
                    throw new IllegalStateException("recipient list of item " + seq + " is missing");
                }
                yield listTarget;
            }
        };
        if (kind == ItemKind.EVENT) {
            return new Item(epoch, seq, kind, target, event, null, null, content, createdAtMillis, expiresAtMillis, 0,
                    type, type != null && category != null ? Double.parseDouble(category) : 0);
        }
        return new Item(epoch, seq, kind, target, event, type, category, content, createdAtMillis, expiresAtMillis, 0);
    }
}
