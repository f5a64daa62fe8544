package dev.herald.core.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Cluster} of one node: the node's own figures are the whole picture, and the per-user
 * limit is the node's own (kept by its presence count), so every acquire here is admitted.
 */
public final class SingleNode implements Cluster {
    private static final CompletableFuture<Boolean> ADMIT = CompletableFuture.completedFuture(true);

    private final String nodeId;
    private volatile LocalNode node;

    public SingleNode(String nodeId) {
        this.nodeId = nodeId;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void start(LocalNode node) {
        this.node = node;
    }

    @Override
    public CompletableFuture<Boolean> tryAcquire(String userId, int max) {
        return ADMIT;
    }

    @Override
    public void release(String userId) {
    }

    @Override
    public CompletableFuture<Integer> connections(String userId) {
        return CompletableFuture.completedFuture(node().streams(userId));
    }

    @Override
    public CompletableFuture<OnlineUsers> onlineUsers(int limit) {
        return CompletableFuture.completedFuture(OnlineUsers.of(node().streamsByUser(), limit, true));
    }

    @Override
    public CompletableFuture<ClusterView> view() {
        NodeReport self = node().report();
        return CompletableFuture.completedFuture(new ClusterView(List.of(self), self.users(), true));
    }

    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public void close() {
    }

    private LocalNode node() {
        LocalNode n = node;
        if (n == null) {
            throw new IllegalStateException("not started");
        }
        return n;
    }
}
