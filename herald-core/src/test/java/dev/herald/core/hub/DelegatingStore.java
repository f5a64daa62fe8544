package dev.herald.core.hub;

import dev.herald.core.inbox.InboxBulk;
import dev.herald.core.inbox.InboxBulkChange;
import dev.herald.core.inbox.InboxChange;
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

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A real store with one behaviour overridden by a test (e.g. a replay that waits). */
class DelegatingStore implements Store {
    private final Store delegate;

    DelegatingStore(Store delegate) {
        this.delegate = delegate;
    }

    @Override
    public String epoch() {
        return delegate.epoch();
    }

    @Override
    public CompletableFuture<List<Appended>> append(List<NewItem> items) {
        return delegate.append(items);
    }

    @Override
    public CompletableFuture<LogBounds> bounds() {
        return delegate.bounds();
    }

    @Override
    public CompletableFuture<List<Item>> replay(String userId, long afterSeq, long uptoSeq, int limit, long maxBytes) {
        return delegate.replay(userId, afterSeq, uptoSeq, limit, maxBytes);
    }

    @Override
    public CompletableFuture<List<Item>> range(long afterSeq, long uptoSeq, int limit) {
        return delegate.range(afterSeq, uptoSeq, limit);
    }

    @Override
    public CompletableFuture<PublisherChange> edit(long seq, NotificationEdit edit, long nowMillis) {
        return delegate.edit(seq, edit, nowMillis);
    }

    @Override
    public CompletableFuture<PublisherChange> retract(long seq, long nowMillis) {
        return delegate.retract(seq, nowMillis);
    }

    @Override
    public CompletableFuture<Integer> prune(long nowMillis) {
        return delegate.prune(nowMillis);
    }

    @Override
    public CompletableFuture<InboxPage> list(String userId, InboxQuery query, long nowMillis) {
        return delegate.list(userId, query, nowMillis);
    }

    @Override
    public CompletableFuture<Integer> unreadCount(String userId, long nowMillis) {
        return delegate.unreadCount(userId, nowMillis);
    }

    @Override
    public CompletableFuture<dev.herald.core.inbox.InboxCounts> counts(String userId, long nowMillis) {
        return delegate.counts(userId, nowMillis);
    }

    @Override
    public CompletableFuture<InboxChange> markRead(String userId, long seq, long nowMillis) {
        return delegate.markRead(userId, seq, nowMillis);
    }

    @Override
    public CompletableFuture<InboxChange> markAllRead(String userId, long nowMillis) {
        return delegate.markAllRead(userId, nowMillis);
    }

    @Override
    public CompletableFuture<InboxChange> markSeen(String userId, long seq, long nowMillis) {
        return delegate.markSeen(userId, seq, nowMillis);
    }

    @Override
    public CompletableFuture<InboxChange> markUnread(String userId, long seq, long nowMillis) {
        return delegate.markUnread(userId, seq, nowMillis);
    }

    @Override
    public CompletableFuture<InboxChange> archive(String userId, long seq, long nowMillis) {
        return delegate.archive(userId, seq, nowMillis);
    }

    @Override
    public CompletableFuture<InboxChange> unarchive(String userId, long seq, long nowMillis) {
        return delegate.unarchive(userId, seq, nowMillis);
    }

    @Override
    public CompletableFuture<InboxChange> delete(String userId, long seq, long nowMillis) {
        return delegate.delete(userId, seq, nowMillis);
    }

    @Override
    public CompletableFuture<InboxChange> act(String userId, long seq, String actionId, long nowMillis) {
        return delegate.act(userId, seq, actionId, nowMillis);
    }

    @Override
    public CompletableFuture<InboxBulkChange> bulk(String userId, InboxBulk bulk, long nowMillis) {
        return delegate.bulk(userId, bulk, nowMillis);
    }

    @Override
    public CompletableFuture<Muted> muted(String userId) {
        return delegate.muted(userId);
    }

    @Override
    public CompletableFuture<InboxChange> setPreferences(String userId, List<String> types, List<String> categories,
                                                         Boolean push, long nowMillis) {
        return delegate.setPreferences(userId, types, categories, push, nowMillis);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public CompletableFuture<PushSubscription> savePushSubscription(PushSubscription subscription, int maxPerUser) {
        return delegate.savePushSubscription(subscription, maxPerUser);
    }

    @Override
    public CompletableFuture<List<PushSubscription>> pushSubscriptions(String userId) {
        return delegate.pushSubscriptions(userId);
    }

    @Override
    public CompletableFuture<Map<String, List<PushSubscription>>> pushSubscriptionsOf(Collection<String> userIds) {
        return delegate.pushSubscriptionsOf(userIds);
    }

    @Override
    public CompletableFuture<Boolean> anyPushSubscriptions() {
        return delegate.anyPushSubscriptions();
    }

    @Override
    public CompletableFuture<Boolean> deletePushSubscription(String userId, String endpoint) {
        return delegate.deletePushSubscription(userId, endpoint);
    }

    @Override
    public CompletableFuture<Boolean> forgetPushEndpoint(String endpoint) {
        return delegate.forgetPushEndpoint(endpoint);
    }

    @Override
    public CompletableFuture<Long> pushCursor() {
        return delegate.pushCursor();
    }

    @Override
    public CompletableFuture<Boolean> enqueuePushes(long from, long to, List<PendingPush> pushes) {
        return delegate.enqueuePushes(from, to, pushes);
    }

    @Override
    public CompletableFuture<List<PendingPush>> claimPushes(String owner, long nowMillis, long leaseMillis, int limit) {
        return delegate.claimPushes(owner, nowMillis, leaseMillis, limit);
    }

    @Override
    public CompletableFuture<Void> finishPush(long id) {
        return delegate.finishPush(id);
    }

    @Override
    public CompletableFuture<Void> retryPush(long id, int attempts, long dueAtMillis) {
        return delegate.retryPush(id, attempts, dueAtMillis);
    }

    @Override
    public CompletableFuture<Long> pushQueueDepth() {
        return delegate.pushQueueDepth();
    }
}
