package dev.herald.store.jdbc;

import dev.herald.core.item.Item;
import dev.herald.core.item.Target;
import dev.herald.core.store.LogBounds;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads of the log, the same SQL on SQLite and PostgreSQL. */
final class LogQueries {
    private static final String BOUNDS = "SELECT horizon, head FROM log_state WHERE id = 1";

    /**
     * One user's items: the three ways an item can address a user, each walked on its own index
     * ((user_id, seq) for direct items and list rows, the broadcast index by seq) and limited
     * before they are merged, so a replay reads O(limit) rows however many users share the log.
     * The page is cut in SQL, on the content's length alone (no content is read for that): rows
     * are kept while the bytes before them stay under the budget. Cutting here rather than while
     * reading the result matters on PostgreSQL, whose driver holds a whole result in memory.
     */
    private static final String REPLAY = "SELECT " + ItemRow.COLUMNS + " FROM items WHERE seq IN ("
            + "SELECT seq FROM (SELECT seq, ROW_NUMBER() OVER (ORDER BY seq) AS n,"
            + " SUM(LENGTH(content)) OVER (ORDER BY seq) - LENGTH(content) AS bytes_before FROM items WHERE seq IN ("
            + "SELECT seq FROM (SELECT seq FROM items WHERE user_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?) d"
            + " UNION SELECT seq FROM (SELECT seq FROM recipients WHERE user_id = ? AND seq > ? AND seq <= ?"
            + " ORDER BY seq LIMIT ?) l"
            + " UNION SELECT seq FROM (SELECT seq FROM items WHERE audience = 2 AND seq > ? AND seq <= ?"
            + " ORDER BY seq LIMIT ?) b"
            + ")) p WHERE n <= ? AND bytes_before < ?) ORDER BY seq";

    private static final String RANGE =
            "SELECT " + ItemRow.COLUMNS + " FROM items WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?";
    private static final String RECIPIENTS =
            "SELECT seq, user_id FROM recipients WHERE seq >= ? AND seq <= ? ORDER BY seq, pos";
    private static final String ONE = "SELECT " + ItemRow.COLUMNS + " FROM items WHERE seq = ?";

    private LogQueries() {
    }

    static LogBounds bounds(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(BOUNDS); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("log_state row missing: the schema was not initialised");
            }
            return new LogBounds(rs.getLong(1), rs.getLong(2));
        }
    }

    /** The items' targets name only {@code userId} for list items (the contract allows it). */
    static List<Item> replay(Connection c, String epoch, String userId, long after, long upto, int limit,
                             long maxBytes) throws SQLException {
        if (limit <= 0 || maxBytes <= 0 || upto <= after) {
            return List.of();
        }
        Target onlyUser = Target.users(List.of(userId));
        List<Item> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(REPLAY)) {
            int i = 0;
            for (int part = 0; part < 3; part++) {
                if (part < 2) {
                    ps.setString(++i, userId);
                }
                ps.setLong(++i, after);
                ps.setLong(++i, upto);
                ps.setInt(++i, limit);
            }
            ps.setInt(++i, limit);
            ps.setLong(++i, maxBytes);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(ItemRow.read(rs).toItem(epoch, onlyUser));
                }
            }
        }
        return out;
    }

    /** Every item in the range with its full target (recipient lists loaded in one query). */
    static List<Item> range(Connection c, String epoch, long after, long upto, int limit) throws SQLException {
        if (limit <= 0 || upto <= after) {
            return List.of();
        }
        List<ItemRow> rows = new ArrayList<>();
        long firstList = Long.MAX_VALUE;
        long lastList = Long.MIN_VALUE;
        try (PreparedStatement ps = c.prepareStatement(RANGE)) {
            ps.setLong(1, after);
            ps.setLong(2, upto);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ItemRow row = ItemRow.read(rs);
                    rows.add(row);
                    if (row.audience() == ItemRow.LIST) {
                        firstList = Math.min(firstList, row.seq());
                        lastList = Math.max(lastList, row.seq());
                    }
                }
            }
        }
        Map<Long, List<String>> lists = firstList > lastList ? Map.of() : recipients(c, firstList, lastList);
        List<Item> out = new ArrayList<>(rows.size());
        for (ItemRow row : rows) {
            List<String> list = lists.get(row.seq());
            out.add(row.toItem(epoch, list == null ? null : Target.users(list)));
        }
        return out;
    }

    /** One item with its full target, or null when there is none with that number. */
    static Item item(Connection c, String epoch, long seq) throws SQLException {
        ItemRow row;
        try (PreparedStatement ps = c.prepareStatement(ONE)) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                row = ItemRow.read(rs);
            }
        }
        List<String> list = row.audience() == ItemRow.LIST ? recipients(c, seq, seq).get(seq) : null;
        return row.toItem(epoch, list == null ? null : Target.users(list));
    }

    private static Map<Long, List<String>> recipients(Connection c, long first, long last) throws SQLException {
        Map<Long, List<String>> lists = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(RECIPIENTS)) {
            ps.setLong(1, first);
            ps.setLong(2, last);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lists.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return lists;
    }
}
