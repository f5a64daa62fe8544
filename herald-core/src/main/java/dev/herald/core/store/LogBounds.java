package dev.herald.core.store;

/**
 * Where the log stands. Positions after {@code horizon} up to {@code head} can be replayed exactly;
 * a position below the horizon may have lost items to retention, and one above the head was never
 * issued by this database.
 *
 * @param horizon the highest sequence number ever removed by retention (0 if none)
 * @param head    the highest committed sequence number (0 if the log is empty)
 */
public record LogBounds(long horizon, long head) {
    public boolean canReplayAfter(long seq) {
        return seq >= horizon && seq <= head;
    }
}
