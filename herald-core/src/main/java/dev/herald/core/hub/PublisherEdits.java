package dev.herald.core.hub;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.item.NotificationEdit;
import dev.herald.core.store.PublisherChange;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A publisher's edits and retractions through the hub. The store rewrites (or retracts) the
 * notification and appends the {@code notification.updated} / {@code notification.deleted} item in
 * one transaction; that item then goes the normal way of a published item (bus, sequencer, shards),
 * so every recipient's streams on every node get it in log order, and a stream resuming from before
 * the change replays it after the original.
 */
public final class PublisherEdits {
    private final Hub hub;

    public PublisherEdits(Hub hub) {
        this.hub = hub;
    }

    public CompletableFuture<PublisherChange> edit(long seq, NotificationEdit edit) {
        return live(() -> hub.store().edit(seq, edit, System.currentTimeMillis()));
    }

    public CompletableFuture<PublisherChange> retract(long seq) {
        return live(() -> hub.store().retract(seq, System.currentTimeMillis()));
    }

    /** Runs the change unless the hub is closed (checked first: a refused change must not commit). */
    private CompletableFuture<PublisherChange> live(Supplier<CompletableFuture<PublisherChange>> change) {
        if (hub.isClosed()) {
            return CompletableFuture.failedFuture(new HeraldException(ErrorCode.SHUTTING_DOWN, "the hub is shutting down"));
        }
        return change.get().thenApply(c -> {
            if (c.change() != null) {
                hub.sendLive(List.of(c.change()));
            }
            return c;
        });
    }
}
