package dev.herald.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.inbox.InboxEntry;
import dev.herald.core.inbox.Muted;
import dev.herald.core.inbox.NotificationActions;
import dev.herald.core.inbox.InboxPage;
import dev.herald.core.inbox.InboxQuery;
import dev.herald.core.item.Item;
import dev.herald.core.item.Target;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The inbox as SQL, shared by reads (on the read pool) and changes (inside the writer's
 * transaction). Counts live in {@link CountSnapshots}.
 *
 * <p>A user's notifications are the union of three index walks: direct items (user_id, seq), list
 * rows (recipients by user_id, seq) and broadcasts (by seq). Read state is an optional row per
 * (user, notification) plus the user's read-through mark; "unread" is: newer than the mark and no
 * row. Expiry is checked against the caller's clock, so expired items leave the inbox exactly at
 * expiresAt even before retention removes them.
 */
final class InboxQueries {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The user's candidate seqs older than ? (pages, newest first). */
    private static final String BEFORE = "SELECT seq FROM items WHERE user_id = ? AND seq < ?"
            + " UNION SELECT seq FROM recipients WHERE user_id = ? AND seq < ?"
            + " UNION SELECT seq FROM items WHERE audience = 2 AND seq < ?";

    private static final String PAGE = "SELECT i.seq, i.kind, i.audience, i.user_id, i.event, i.type, i.content,"
            + " i.created_at, i.expires_at, i.category, m.read_at, m.seen_at, m.archived_at, m.acted_at, m.action_id"
            + " FROM (" + BEFORE + ") c JOIN items i ON i.seq = c.seq"
            + " LEFT JOIN inbox_marks m ON m.user_id = ? AND m.seq = i.seq"
            + " WHERE i.kind = 0 AND i.expires_at > ? AND (m.deleted IS NULL OR m.deleted = 0)";
    /** Effectively unread: no read time of its own, and newer than the read-through mark or marked unread. */
    private static final String UNREAD_ROW = " AND (m.read_at IS NULL OR m.read_at <= 0) AND (i.seq > ? OR m.read_at < 0)";
    /** Tag filters walk the rows in batches this big (tags live in the content, checked in Java). */
    private static final int TAG_BATCH = 500;

    private static final String USER = "SELECT read_through_seq, read_through_at, muted_types, muted_categories, push_enabled"
            + " FROM inbox_users"
            + " WHERE user_id = ?";
    private static final String FIND = "SELECT i.kind, i.audience, i.user_id, i.expires_at, m.read_at, m.deleted,"
            + " m.seen_at, m.archived_at, m.acted_at, m.action_id"
            + " FROM items i LEFT JOIN inbox_marks m ON m.user_id = ? AND m.seq = i.seq WHERE i.seq = ?";
    private static final String LISTED = "SELECT 1 FROM recipients WHERE user_id = ? AND seq = ?";

    /** A user's stored state; users who never changed anything have {@link #NONE}. */
    record UserState(long readThroughSeq, long readThroughAt, String mutedJson, String mutedCategoriesJson,
                     boolean pushEnabled) {
        static final UserState NONE = new UserState(0, 0, "[]", "[]", true);

        Muted muted() {
            return new Muted(parseMuted(mutedJson), parseMuted(mutedCategoriesJson), pushEnabled);
        }

        /** The effective read time from the mark's read_at ({@link #MARKED_UNREAD} undoes read-through). */
        long readAt(long seq, long individualReadAt) {
            if (individualReadAt == MARKED_UNREAD) {
                return 0;
            }
            if (individualReadAt != 0) {
                return individualReadAt;
            }
            return seq <= readThroughSeq ? readThroughAt : 0;
        }

        /** Reading counts as seeing. */
        long seenAt(long seq, long individualReadAt, long individualSeenAt) {
            return individualSeenAt != 0 ? individualSeenAt : readAt(seq, individualReadAt);
        }
    }

    /** read_at of a notification marked unread: it overrides the read-through mark. */
    static final long MARKED_UNREAD = -1;

    private static final String CONTENT = "SELECT content FROM items WHERE seq = ?";

    /** A notification in the user's inbox, with its mark's raw times (0 if none) and first action (null if none). */
    record Found(long individualReadAt, long individualSeenAt, long archivedAt, long actedAt, String actionId) {
    }

    private InboxQueries() {
    }

    static UserState user(Connection c, String userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(USER)) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new UserState(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5) != 0) : UserState.NONE;
            }
        }
    }

    /*
     * The two totals alone, for writer ops that need no more (the inbox's own ops use
     * CountSnapshots.current). Exact in any transaction; the state argument is no longer needed and
     * stays so callers written before the snapshots keep compiling.
     */

    /** The user's unread count, from their count snapshot (exact, and O(changes since it)). */
    static int unread(Connection c, String userId, UserState state, long now) throws SQLException {
        return CountSnapshots.read(c, userId, now).counts().all().unread();
    }

    /** The user's unseen count, from their count snapshot. */
    static int unseen(Connection c, String userId, UserState state, long now) throws SQLException {
        return CountSnapshots.read(c, userId, now).counts().all().unseen();
    }

    /**
     * A page: archived, unread, unseen and category are SQL conditions; a tag filter is checked on
     * the rows in Java, walking batches until the page is full or the inbox ends.
     */
    static InboxPage page(Connection c, String epoch, String userId, InboxQuery query, long now, int unread)
            throws SQLException {
        UserState state = user(c, userId);
        Target onlyUser = Target.users(List.of(userId));
        String sql = pageSql(query);
        int batch = query.tag() == null ? query.limit() + 1 : Math.max(query.limit() + 1, TAG_BATCH);
        List<InboxEntry> entries = new ArrayList<>();
        boolean more = false;
        long before = query.beforeSeq() == 0 ? Long.MAX_VALUE : query.beforeSeq();
        boolean inboxLeft = true;
        while (!more && inboxLeft) {
            int rows = 0;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = bindCandidates(ps, userId, before);
                ps.setString(++i, userId);
                ps.setLong(++i, now);
                if (query.category() != null) {
                    ps.setString(++i, query.category());
                }
                if (query.unreadOnly() || query.unseenOnly()) {
                    ps.setLong(++i, state.readThroughSeq());
                }
                ps.setInt(++i, batch);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        Item item = ItemRow.read(rs).toItem(epoch, onlyUser);
                        before = item.seq();
                        if (!query.hasTag(item)) {
                            continue;
                        }
                        if (entries.size() == query.limit()) {
                            more = true;
                            break;
                        }
                        entries.add(new InboxEntry(item, state.readAt(item.seq(), rs.getLong(11)),
                                state.seenAt(item.seq(), rs.getLong(11), rs.getLong(12)), rs.getLong(13),
                                rs.getLong(14), rs.getString(15)));
                    }
                }
            }
            inboxLeft = rows == batch;
        }
        long next = more ? entries.get(entries.size() - 1).item().seq() : 0;
        return new InboxPage(entries, unread, next);
    }

    private static String pageSql(InboxQuery query) {
        StringBuilder sql = new StringBuilder(PAGE);
        sql.append(query.archived() ? " AND m.archived_at > 0" : " AND (m.archived_at IS NULL OR m.archived_at = 0)");
        if (query.category() != null) {
            sql.append(" AND i.category = ?");
        }
        if (query.unseenOnly()) {
            sql.append(" AND (m.seen_at IS NULL OR m.seen_at = 0)");
        }
        if (query.unreadOnly() || query.unseenOnly()) {
            // Unseen implies unread: reading counts as seeing.
            sql.append(UNREAD_ROW);
        }
        return sql.append(" ORDER BY i.seq DESC LIMIT ?").toString();
    }

    /**
     * The notification if it is in the user's inbox as of {@code now}: addressed to them, a
     * notification (not an event or sync item), not expired, not deleted by them. Null otherwise,
     * whichever the reason, so "not yours" and "does not exist" look the same.
     */
    static Found find(Connection c, String userId, long seq, long now) throws SQLException {
        boolean listed;
        Found found;
        try (PreparedStatement ps = c.prepareStatement(FIND)) {
            ps.setString(1, userId);
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getInt(1) != 0 || rs.getLong(4) <= now || rs.getInt(6) != 0) {
                    return null;
                }
                int audience = rs.getInt(2);
                if (audience == ItemRow.USER && !userId.equals(rs.getString(3))) {
                    return null;
                }
                listed = audience == ItemRow.LIST;
                found = new Found(rs.getLong(5), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getString(10));
            }
        }
        if (listed) {
            try (PreparedStatement ps = c.prepareStatement(LISTED)) {
                ps.setString(1, userId);
                ps.setLong(2, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                }
            }
        }
        return found;
    }

    /** Whether the item numbered {@code seq} carries an action button with this id. */
    static boolean hasAction(Connection c, long seq, String actionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CONTENT)) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && NotificationActions.has(rs.getBytes(1), actionId);
            }
        }
    }

    static Muted muted(Connection c, String userId) throws SQLException {
        return user(c, userId).muted();
    }

    static Set<String> parseMuted(String json) {
        try {
            return Collections.unmodifiableSet(new LinkedHashSet<>(JSON.readValue(json, new TypeReference<List<String>>() {
            })));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("malformed muted types or categories in the store", e);
        }
    }

    static String mutedJson(Collection<String> types) {
        try {
            return JSON.writeValueAsString(List.copyOf(types));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Binds the five parameters of {@link #BEFORE}; returns the last index used. */
    private static int bindCandidates(PreparedStatement ps, String userId, long bound) throws SQLException {
        ps.setString(1, userId);
        ps.setLong(2, bound);
        ps.setString(3, userId);
        ps.setLong(4, bound);
        ps.setLong(5, bound);
        return 5;
    }
}
