package dev.herald.core.cluster;

/**
 * One node's figures, as reported to the others (at most a second or two old for other nodes).
 *
 * @param published          items this node appended to the log
 * @param delivered          item frames this node wrote to its streams, replay included
 */
public record NodeReport(String nodeId, int connections, int users, long published, long delivered, long replayed,
                         long resets, long slowStreamsDropped, long replayOverflows, long uptimeSeconds) {
}
