package dev.herald.sdk;

/**
 * Counters of the node that answered ({@code GET /v1/stats}); counters run since it started.
 * Fields the hub may add later are ignored, and missing ones read as 0.
 *
 * @param connections        open streams
 * @param users              distinct users with an open stream
 * @param published          items accepted
 * @param delivered          item deliveries written to streams
 * @param replayed           items re-sent to reconnecting streams
 * @param resets             streams told to reset because their position was too old
 * @param slowStreamsDropped streams closed because they could not keep up
 * @param replayOverflows    reconnects whose backlog was too long to replay
 */
public record Stats(int connections, int users, long uptimeSeconds, long published, long delivered, long replayed,
                    long resets, long slowStreamsDropped, long replayOverflows) {
}
