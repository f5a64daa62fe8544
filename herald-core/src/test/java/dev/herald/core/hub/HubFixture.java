package dev.herald.core.hub;

import dev.herald.core.bus.Bus;
import dev.herald.core.item.NewItem;
import dev.herald.core.store.Store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Hubs and event-loop stand-ins for core tests, all closed with the fixture: a test class holds one
 * and closes it after each test.
 */
final class HubFixture implements AutoCloseable {
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<ExecutorService> loops = new ArrayList<>();

    /** A started hub on the given store and bus. */
    Hub hub(Store store, Bus bus, HubConfig config) {
        return started(new Hub(config, store, bus));
    }

    /** Starts a hub made by the test (e.g. with a cluster of its own); it is closed with the fixture. */
    Hub started(Hub hub) {
        hub.start();
        toClose.add(hub);
        return hub;
    }

    /** A single thread standing in for an event loop. */
    ExecutorService loop() {
        ExecutorService e = Executors.newSingleThreadExecutor();
        loops.add(e);
        return e;
    }

    /** Opens a subscription on the shard's thread, as the transport does. */
    static Subscription open(Shard shard, StreamRequest request, Sink sink) throws Exception {
        CompletableFuture<Subscription> f = new CompletableFuture<>();
        shard.executor().execute(() -> {
            try {
                f.complete(shard.open(request, sink));
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(5, TimeUnit.SECONDS);
    }

    /** Publishes and returns the items' sequence numbers. */
    static List<Long> publish(Hub hub, NewItem... items) {
        return hub.publish(List.of(items)).join().stream().map(a -> a.item().seq()).toList();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        loops.forEach(ExecutorService::shutdownNow);
    }
}
