package dev.herald.core.hub;

/**
 * Settings of the hub core.
 *
 * @param maxConnectionsPerUser open streams one user may hold (default 5)
 * @param replayPageSize        items read from the store per replay query (default 200)
 * @param replayQueueLimit      live items a stream may queue while its replay runs before it is
 *                              closed to resume later (default 2000); bounds memory per stream
 * @param gapWaitMillis         how long an out-of-order item waits for the missing ones before
 *                              they are read from the store (default 50)
 * @param pruneIntervalMillis   how often retention runs (default 60000)
 * @param catchUpIntervalMillis how often the node compares what it delivered with the log's head and
 *                              reads any missing tail from the store; 0 (the default, right for one
 *                              node whose bus loses nothing) turns it off. Cluster mode uses 1000.
 */
public record HubConfig(int maxConnectionsPerUser, int replayPageSize, int replayQueueLimit,
                        long gapWaitMillis, long pruneIntervalMillis, long catchUpIntervalMillis) {

    public static HubConfig defaults() {
        return new HubConfig(5, 200, 2000, 50, 60_000, 0);
    }

    public HubConfig withMaxConnectionsPerUser(int max) {
        return new HubConfig(max, replayPageSize, replayQueueLimit, gapWaitMillis, pruneIntervalMillis,
                catchUpIntervalMillis);
    }

    public HubConfig withCatchUpIntervalMillis(long millis) {
        return new HubConfig(maxConnectionsPerUser, replayPageSize, replayQueueLimit, gapWaitMillis,
                pruneIntervalMillis, millis);
    }
}
