package dev.herald.core.hub;

/**
 * Settings of the hub core.
 *
 * @param maxConnectionsPerUser open streams one user may hold (default 5)
 * @param replayPageSize        items read from the store per replay query (default 200)
 * @param replayQueueLimit      live items a stream may queue while its replay runs before it is
 *                              closed to resume later (default 2000)
 * @param gapWaitMillis         how long an out-of-order item waits for the missing ones before
 *                              they are read from the store (default 50)
 * @param pruneIntervalMillis   how often retention runs (default 60000)
 * @param catchUpIntervalMillis how often the node compares what it delivered with the log's head and
 *                              reads any missing tail from the store; 0 (the default, right for one
 *                              node whose bus loses nothing) turns it off. Cluster mode uses 1000.
 * @param replayPageBytes       content bytes per replay query: a page ends with the item that reaches
 *                              it (default 256 KiB). With the two bounds below it is what keeps the
 *                              memory of a replaying stream bounded in bytes, whatever its items' size.
 * @param replayQueueBytes      frame bytes of live items a stream may queue while its replay runs; the
 *                              item that reaches it is the last one queued, the next closes the stream
 *                              to resume later (default 256 KiB)
 */
public record HubConfig(int maxConnectionsPerUser, int replayPageSize, int replayQueueLimit,
                        long gapWaitMillis, long pruneIntervalMillis, long catchUpIntervalMillis,
                        long replayPageBytes, long replayQueueBytes) {

    public static final long DEFAULT_REPLAY_BYTES = 256 * 1024;

    public HubConfig {
        if (replayPageBytes <= 0 || replayQueueBytes <= 0) {
            throw new IllegalArgumentException("replay byte bounds must be positive");
        }
    }

    /** The given settings with the default byte bounds. */
    public HubConfig(int maxConnectionsPerUser, int replayPageSize, int replayQueueLimit, long gapWaitMillis,
                     long pruneIntervalMillis, long catchUpIntervalMillis) {
        this(maxConnectionsPerUser, replayPageSize, replayQueueLimit, gapWaitMillis, pruneIntervalMillis,
                catchUpIntervalMillis, DEFAULT_REPLAY_BYTES, DEFAULT_REPLAY_BYTES);
    }

    public static HubConfig defaults() {
        return new HubConfig(5, 200, 2000, 50, 60_000, 0);
    }

    public HubConfig withMaxConnectionsPerUser(int max) {
        return new HubConfig(max, replayPageSize, replayQueueLimit, gapWaitMillis, pruneIntervalMillis,
                catchUpIntervalMillis, replayPageBytes, replayQueueBytes);
    }

    public HubConfig withCatchUpIntervalMillis(long millis) {
        return new HubConfig(maxConnectionsPerUser, replayPageSize, replayQueueLimit, gapWaitMillis,
                pruneIntervalMillis, millis, replayPageBytes, replayQueueBytes);
    }

    /** The byte bounds of a replaying stream: its page read ahead and its queue of live items. */
    public HubConfig withReplayBytes(long pageBytes, long queueBytes) {
        return new HubConfig(maxConnectionsPerUser, replayPageSize, replayQueueLimit, gapWaitMillis,
                pruneIntervalMillis, catchUpIntervalMillis, pageBytes, queueBytes);
    }
}
