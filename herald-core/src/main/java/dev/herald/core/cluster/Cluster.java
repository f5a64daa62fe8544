package dev.herald.core.cluster;

import java.util.concurrent.CompletableFuture;

/**
 * What the nodes of one hub know about each other beyond the items themselves: who is up, how many
 * streams each user holds on every node, and each node's figures. The single-node default is
 * {@link SingleNode}; cluster mode keeps this in Redis.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Never in the way.</b> No method blocks, and no future fails: when the shared view cannot
 *       be reached, answers come from this node alone ({@link #tryAcquire} admits, leaving only the
 *       node's own limit; {@link #connections} and {@link #view} count this node) and
 *       {@link #healthy()} is false.</li>
 *   <li><b>Slots.</b> {@link #tryAcquire} takes one of the user's cluster-wide stream slots when they
 *       hold fewer than {@code max} across live nodes; every successful acquire is matched by one
 *       {@link #release}. A node that dies stops counting within a few seconds.</li>
 *   <li>{@link #close()} is idempotent and gives this node's slots back.</li>
 * </ul>
 */
public interface Cluster extends AutoCloseable {

    /** This node's id: in logs, stats and metrics. */
    String nodeId();

    /** Starts reporting this node. Called once, when the hub starts. */
    void start(LocalNode node);

    /** Completes true if the user may open another stream (and takes the slot), false if at max. */
    CompletableFuture<Boolean> tryAcquire(String userId, int max);

    /** Gives back a slot taken by {@link #tryAcquire}. */
    void release(String userId);

    /** The user's open streams on every live node. */
    CompletableFuture<Integer> connections(String userId);

    /** The users with the most open streams on every live node, and how many users are online. */
    CompletableFuture<OnlineUsers> onlineUsers(int limit);

    /** Every live node's latest figures: this node's current ones first, then the others by id. */
    CompletableFuture<ClusterView> view();

    /** False while the shared view cannot be reached. */
    boolean healthy();

    @Override
    void close();
}
