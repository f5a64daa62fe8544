package dev.herald.core.hub;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.inbox.InboxBulk;
import dev.herald.core.inbox.InboxBulkChange;
import dev.herald.core.inbox.InboxChange;
import dev.herald.core.inbox.InboxCounts;
import dev.herald.core.inbox.Muted;
import dev.herald.core.inbox.InboxPage;
import dev.herald.core.inbox.InboxQuery;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A user's inbox through the hub. Reads go straight to the store; a change commits together with its
 * sync item, which is then sent live like any published item, so every tab and device of the user
 * (on any node) sees the change, in order, with the new unread count.
 */
public final class InboxOps {
    private final Hub hub;

    InboxOps(Hub hub) {
        this.hub = hub;
    }

    public CompletableFuture<InboxPage> list(String userId, InboxQuery query) {
        return hub.store().list(userId, query, System.currentTimeMillis());
    }

    public CompletableFuture<Integer> unreadCount(String userId) {
        return hub.store().unreadCount(userId, System.currentTimeMillis());
    }

    public CompletableFuture<InboxCounts> counts(String userId) {
        return hub.store().counts(userId, System.currentTimeMillis());
    }

    public CompletableFuture<Set<String>> mutedTypes(String userId) {
        return hub.store().mutedTypes(userId);
    }

    public CompletableFuture<Muted> muted(String userId) {
        return hub.store().muted(userId);
    }

    public CompletableFuture<InboxChange> markRead(String userId, long seq) {
        return live(() -> hub.store().markRead(userId, seq, System.currentTimeMillis()));
    }

    public CompletableFuture<InboxChange> markSeen(String userId, long seq) {
        return live(() -> hub.store().markSeen(userId, seq, System.currentTimeMillis()));
    }

    public CompletableFuture<InboxChange> markUnread(String userId, long seq) {
        return live(() -> hub.store().markUnread(userId, seq, System.currentTimeMillis()));
    }

    public CompletableFuture<InboxChange> archive(String userId, long seq) {
        return live(() -> hub.store().archive(userId, seq, System.currentTimeMillis()));
    }

    public CompletableFuture<InboxChange> unarchive(String userId, long seq) {
        return live(() -> hub.store().unarchive(userId, seq, System.currentTimeMillis()));
    }

    public CompletableFuture<InboxChange> act(String userId, long seq, String actionId) {
        return live(() -> hub.store().act(userId, seq, actionId, System.currentTimeMillis()));
    }

    /** One bulk change; its single sync item goes live like any other change's. */
    public CompletableFuture<InboxBulkChange> bulk(String userId, InboxBulk bulk) {
        if (hub.isClosed()) {
            return CompletableFuture.failedFuture(new HeraldException(ErrorCode.SHUTTING_DOWN, "the hub is shutting down"));
        }
        return hub.store().bulk(userId, bulk, System.currentTimeMillis()).thenApply(c -> {
            hub.sendLive(List.of(c.sync()));
            return c;
        });
    }

    public CompletableFuture<InboxChange> markAllRead(String userId) {
        return live(() -> hub.store().markAllRead(userId, System.currentTimeMillis()));
    }

    public CompletableFuture<InboxChange> delete(String userId, long seq) {
        return live(() -> hub.store().delete(userId, seq, System.currentTimeMillis()));
    }

    public CompletableFuture<InboxChange> setMutedTypes(String userId, List<String> types) {
        return setMuted(userId, types, null);
    }

    /** Replaces the muted types and/or categories; a null list is left as it is. */
    public CompletableFuture<InboxChange> setMuted(String userId, List<String> types, List<String> categories) {
        return setPreferences(userId, types, categories, null);
    }

    /** Muted types and categories and the Web Push switch; null leaves one as it is. */
    public CompletableFuture<InboxChange> setPreferences(String userId, List<String> types, List<String> categories,
                                                         Boolean push) {
        return live(() -> hub.store().setPreferences(userId, types, categories, push, System.currentTimeMillis()));
    }

    /** Runs the change unless the hub is closed (checked first: a refused change must not commit). */
    private CompletableFuture<InboxChange> live(Supplier<CompletableFuture<InboxChange>> change) {
        if (hub.isClosed()) {
            return CompletableFuture.failedFuture(new HeraldException(ErrorCode.SHUTTING_DOWN, "the hub is shutting down"));
        }
        return change.get().thenApply(c -> {
            if (c.sync() != null) {
                hub.sendLive(List.of(c.sync()));
            }
            return c;
        });
    }
}
