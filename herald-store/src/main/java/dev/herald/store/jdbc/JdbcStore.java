package dev.herald.store.jdbc;

import dev.herald.core.inbox.InboxBulk;
import dev.herald.core.inbox.InboxBulkChange;
import dev.herald.core.inbox.InboxChange;
import dev.herald.core.inbox.InboxCounts;
import dev.herald.core.inbox.Muted;
import dev.herald.core.inbox.InboxPage;
import dev.herald.core.inbox.InboxQuery;
import dev.herald.core.item.Item;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.NotificationEdit;
import dev.herald.core.push.PendingPush;
import dev.herald.core.push.PushSubscription;
import dev.herald.core.store.PublisherChange;
import dev.herald.core.store.Appended;
import dev.herald.core.store.LogBounds;
import dev.herald.core.store.Store;
import dev.herald.core.store.StoreOptions;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link Store} over JDBC that SQLite and PostgreSQL share: writes go through one
 * {@link GroupCommitWriter}, reads through a {@link ReadPool}, and both run the same SQL. Subclasses
 * only open connections and say how the writer locks the sequence ({@link Dialect}).
 */
public abstract class JdbcStore implements Store {
    private final String epoch;
    private final GroupCommitWriter writer;
    private final ReadPool reads;
    private final ConnectionSource writeConnections;
    private final ConnectionSource readConnections;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Users whose snapshot a read asked the writer to build or advance, until it has. */
    private final Set<String> advancing = ConcurrentHashMap.newKeySet();

    /** Starts the writer and readers over a migrated schema whose epoch is {@code epoch}. */
    protected JdbcStore(String epoch, StoreOptions options, Dialect dialect, ConnectionSource writeConnections,
                        ConnectionSource readConnections, int readers) {
        this.epoch = epoch;
        this.writeConnections = writeConnections;
        this.readConnections = readConnections;
        this.writer = new GroupCommitWriter(epoch, options, dialect, writeConnections);
        this.reads = new ReadPool("herald-" + dialect.name() + "-reader", readers, readConnections);
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public CompletableFuture<List<Appended>> append(List<NewItem> items) {
        if (items.isEmpty()) {
            return closed.get() ? Failures.closedFuture() : CompletableFuture.completedFuture(List.of());
        }
        return writer.submit(new AppendOp(items));
    }

    @Override
    public String unavailableReason() {
        return closed.get() ? "closed" : writer.outageReason();
    }

    @Override
    public CompletableFuture<LogBounds> bounds() {
        return reads.submit(LogQueries::bounds, "bounds");
    }

    @Override
    public CompletableFuture<List<Item>> replay(String userId, long afterSeq, long uptoSeq, int limit, long maxBytes) {
        return reads.submit(c -> LogQueries.replay(c, epoch, userId, afterSeq, uptoSeq, limit, maxBytes), "replay");
    }

    @Override
    public CompletableFuture<List<Item>> range(long afterSeq, long uptoSeq, int limit) {
        return reads.submit(c -> LogQueries.range(c, epoch, afterSeq, uptoSeq, limit), "range");
    }

    @Override
    public CompletableFuture<PublisherChange> edit(long seq, NotificationEdit edit, long nowMillis) {
        return writer.submit(PublisherWrites.edit(seq, edit, nowMillis));
    }

    @Override
    public CompletableFuture<PublisherChange> retract(long seq, long nowMillis) {
        return writer.submit(PublisherWrites.retract(seq, nowMillis));
    }

    /** Retention in slices (see {@link PruneStep}), each queued behind the writes waiting at the time. */
    @Override
    public CompletableFuture<Integer> prune(long nowMillis) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        pruneFrom(nowMillis, 0, done);
        return done;
    }

    private void pruneFrom(long nowMillis, int removedSoFar, CompletableFuture<Integer> done) {
        writer.submit(new PruneStep(nowMillis)).whenComplete((step, err) -> {
            if (err != null) {
                done.completeExceptionally(err);
            } else if (step.more()) {
                pruneFrom(nowMillis, removedSoFar + step.removed(), done);
            } else {
                done.complete(removedSoFar + step.removed());
            }
        });
    }

    /** A read's result with the counts read beside it. */
    private record Counted<T>(T value, CountSnapshots.Read counts) {
    }

    @Override
    public CompletableFuture<InboxPage> list(String userId, InboxQuery query, long nowMillis) {
        return reads.submit(c -> {
            CountSnapshots.Read counts = CountSnapshots.read(c, userId, nowMillis);
            return new Counted<>(InboxQueries.page(c, epoch, userId, query, nowMillis, counts.counts().all().unread()),
                    counts);
        }, "inbox").thenApply(r -> keepCheap(userId, r.counts(), r.value()));
    }

    @Override
    public CompletableFuture<Integer> unreadCount(String userId, long nowMillis) {
        return reads.submit(c -> CountSnapshots.read(c, userId, nowMillis), "unread")
                .thenApply(r -> keepCheap(userId, r, r.counts().all().unread()));
    }

    @Override
    public CompletableFuture<InboxCounts> counts(String userId, long nowMillis) {
        return reads.submit(c -> CountSnapshots.read(c, userId, nowMillis), "counts")
                .thenApply(r -> keepCheap(userId, r, r.counts()));
    }

    /**
     * A read that found no snapshot (it recounted in full) or walked many rows past it asks the
     * writer to build or advance it, and answers at once: readers never wait for the writer. One
     * request per user at a time.
     */
    private <T> T keepCheap(String userId, CountSnapshots.Read read, T result) {
        if (read.wantsAdvance() && !closed.get() && advancing.add(userId)) {
            writer.submit(CountSnapshots.advanceOp(userId)).whenComplete((done, err) -> advancing.remove(userId));
        }
        return result;
    }

    @Override
    public CompletableFuture<InboxChange> markRead(String userId, long seq, long nowMillis) {
        return writer.submit(InboxWrites.markRead(userId, seq, nowMillis));
    }

    @Override
    public CompletableFuture<InboxChange> markSeen(String userId, long seq, long nowMillis) {
        return writer.submit(InboxWrites.markSeen(userId, seq, nowMillis));
    }

    @Override
    public CompletableFuture<InboxChange> markUnread(String userId, long seq, long nowMillis) {
        return writer.submit(InboxWrites.markUnread(userId, seq, nowMillis));
    }

    @Override
    public CompletableFuture<InboxChange> archive(String userId, long seq, long nowMillis) {
        return writer.submit(InboxWrites.archive(userId, seq, nowMillis));
    }

    @Override
    public CompletableFuture<InboxChange> unarchive(String userId, long seq, long nowMillis) {
        return writer.submit(InboxWrites.unarchive(userId, seq, nowMillis));
    }

    @Override
    public CompletableFuture<InboxChange> act(String userId, long seq, String actionId, long nowMillis) {
        return writer.submit(InboxWrites.act(userId, seq, actionId, nowMillis));
    }

    @Override
    public CompletableFuture<InboxBulkChange> bulk(String userId, InboxBulk bulk, long nowMillis) {
        return writer.submit(InboxBulkWrite.bulk(userId, bulk, nowMillis));
    }

    @Override
    public CompletableFuture<InboxChange> markAllRead(String userId, long nowMillis) {
        return writer.submit(InboxWrites.markAllRead(userId, nowMillis));
    }

    @Override
    public CompletableFuture<InboxChange> delete(String userId, long seq, long nowMillis) {
        return writer.submit(InboxWrites.delete(userId, seq, nowMillis));
    }

    @Override
    public CompletableFuture<Muted> muted(String userId) {
        return reads.submit(c -> InboxQueries.muted(c, userId), "muted types");
    }

    @Override
    public CompletableFuture<InboxChange> setPreferences(String userId, List<String> types, List<String> categories,
                                                         Boolean push, long nowMillis) {
        return writer.submit(InboxWrites.setPreferences(userId, types, categories, push, nowMillis));
    }

    @Override
    public CompletableFuture<PushSubscription> savePushSubscription(PushSubscription subscription, int maxPerUser) {
        return writer.submit(PushSubscriptionRows.save(subscription, maxPerUser));
    }

    @Override
    public CompletableFuture<List<PushSubscription>> pushSubscriptions(String userId) {
        return reads.submit(c -> PushSubscriptionRows.ofUser(c, userId), "push subscriptions");
    }

    @Override
    public CompletableFuture<Map<String, List<PushSubscription>>> pushSubscriptionsOf(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        List<String> users = List.copyOf(userIds);
        return reads.submit(c -> PushSubscriptionRows.ofUsers(c, users), "push subscriptions");
    }

    @Override
    public CompletableFuture<Boolean> anyPushSubscriptions() {
        return reads.submit(PushSubscriptionRows::any, "push subscriptions");
    }

    @Override
    public CompletableFuture<Boolean> deletePushSubscription(String userId, String endpoint) {
        return writer.submit(PushSubscriptionRows.deleteOwn(userId, endpoint));
    }

    @Override
    public CompletableFuture<Boolean> forgetPushEndpoint(String endpoint) {
        return writer.submit(PushSubscriptionRows.forget(endpoint));
    }

    @Override
    public CompletableFuture<Long> pushCursor() {
        return reads.submit(PushQueueRows::cursor, "push cursor");
    }

    @Override
    public CompletableFuture<Boolean> enqueuePushes(long from, long to, List<PendingPush> pushes) {
        return writer.submit(PushQueueRows.enqueue(from, to, pushes));
    }

    @Override
    public CompletableFuture<List<PendingPush>> claimPushes(String owner, long nowMillis, long leaseMillis, int limit) {
        return writer.submit(PushQueueRows.claim(owner, nowMillis, leaseMillis, limit));
    }

    @Override
    public CompletableFuture<Void> finishPush(long id) {
        return writer.submit(PushQueueRows.finish(id));
    }

    @Override
    public CompletableFuture<Void> retryPush(long id, int attempts, long dueAtMillis) {
        return writer.submit(PushQueueRows.retry(id, attempts, dueAtMillis));
    }

    @Override
    public CompletableFuture<Long> pushQueueDepth() {
        return reads.submit(PushQueueRows::depth, "push queue depth");
    }

    /** Runs one writer op in the group-commit transaction (for writer ops of this package and its tests). */
    <T> CompletableFuture<T> write(WriteOp<T> op) {
        return writer.submit(op);
    }

    /** Commits queued writes, stops the threads, closes connections. Idempotent. */
    @Override
    public final void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            writer.close();
            reads.close();
        } finally {
            writeConnections.close();
            readConnections.close();
            closed();
        }
    }

    /** Releases what the subclass holds besides connections (e.g. the data directory lock). */
    protected void closed() {
    }
}
