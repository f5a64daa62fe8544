package dev.herald.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A stub, replaced by the per-user count snapshots of issue 14's cheap-counts work: writer ops that
 * change the marks of more than one notification call {@link #forget} at their end, so that work
 * can drop (and later rebuild) the user's snapshot instead of adjusting it item by item.
 */
final class CountSnapshots {
    private CountSnapshots() {
    }

    /** Called inside the writer's transaction after a change to many of the user's marks. Nothing yet. */
    static void forget(Connection c, String userId) throws SQLException {
    }
}
