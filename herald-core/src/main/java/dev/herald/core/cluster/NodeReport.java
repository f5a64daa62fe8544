package dev.herald.core.cluster;

/**
 * One node's figures, as reported to the others (at most a second or two old for other nodes).
 *
 * @param published           items this node appended to the log
 * @param delivered           item frames this node wrote to its streams, replay included
 * @param publishToWriteP50Ms median time from a publish being accepted to its frame being written on
 *                            this node, over the last minute or so; NaN when nothing was measured
 * @param publishToWriteP99Ms the same, 99th percentile
 */
public record NodeReport(String nodeId, int connections, int users, long published, long delivered, long replayed,
                         long resets, long slowStreamsDropped, long replayOverflows, long uptimeSeconds,
                         double publishToWriteP50Ms, double publishToWriteP99Ms) {
}
