package dev.herald.core.cluster;

import java.util.List;

/**
 * Every live node's figures.
 *
 * @param nodes    this node first, then the others by id
 * @param users    users with at least one open stream anywhere (counted once however many nodes
 *                 they are on)
 * @param complete false when the shared view could not be reached and only this node is counted
 */
public record ClusterView(List<NodeReport> nodes, int users, boolean complete) {

    public int connections() {
        int n = 0;
        for (NodeReport r : nodes) {
            n += r.connections();
        }
        return n;
    }

    public long sum(java.util.function.ToLongFunction<NodeReport> figure) {
        long n = 0;
        for (NodeReport r : nodes) {
            n += figure.applyAsLong(r);
        }
        return n;
    }
}
