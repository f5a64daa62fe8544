package dev.herald.core.cluster;

import java.util.Map;

/** What this node tells the {@link Cluster} about itself. Called from the cluster's threads. */
public interface LocalNode {
    /** This node's figures as of now. */
    NodeReport report();

    /** Open streams per user on this node, as of now (a copy). */
    Map<String, Integer> streamsByUser();

    /** One user's open streams on this node. */
    int streams(String userId);
}
