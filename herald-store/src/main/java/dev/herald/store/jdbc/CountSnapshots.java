package dev.herald.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Placeholder for the per-user count snapshots of issue 14's cheap-counts work, which replaces this
 * file. Writer ops already call it where the snapshots must move: before a retracted notification
 * leaves every inbox, when an edit moves a notification to another category, and after a change to
 * many of one user's marks. Until then counts are computed from the rows, so there is nothing to do.
 */
final class CountSnapshots {
    private CountSnapshots() {
    }

    static void itemRemoved(Connection c, long seq) throws SQLException {
    }

    static void itemRecategorized(Connection c, long seq, String oldCategory, String newCategory) throws SQLException {
    }

    static void forget(Connection c, String userId) throws SQLException {
    }
}
