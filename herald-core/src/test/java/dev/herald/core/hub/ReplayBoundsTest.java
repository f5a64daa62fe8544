package dev.herald.core.hub;

import dev.herald.core.bus.LocalBus;
import dev.herald.core.item.Item;
import dev.herald.core.item.ItemKind;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.Target;
import dev.herald.core.sse.Frame;
import dev.herald.core.store.MemoryStore;
import dev.herald.core.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static dev.herald.core.store.TestItems.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a replaying stream may hold in memory: pages bounded in bytes, a queue of live items bounded
 * in bytes, a client that stops reading cut like a slow live one, and a JVM error reported as what it
 * is rather than as the store's failure.
 */
class ReplayBoundsTest {
    private static final Frame HEARTBEAT = Frame.of(":\n\n".getBytes(StandardCharsets.UTF_8));

    private final HubFixture fixture = new HubFixture();

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    private Hub hub(Store store, HubConfig config) {
        return fixture.hub(store, new LocalBus(), config);
    }

    private ExecutorService loop() {
        return fixture.loop();
    }

    private static Subscription open(Shard shard, StreamRequest request, Sink sink) throws Exception {
        return HubFixture.open(shard, request, sink);
    }

    /** A notification whose content is {@code bytes} long. */
    private static NewItem sized(Target target, int bytes) {
        String head = "{\"type\":\"t\",\"title\":\"";
        String content = head + "x".repeat(bytes - head.length() - 2) + "\"}";
        NewItem n = notification(target, "");
        return new NewItem(ItemKind.NOTIFICATION, target, n.event(), n.type(), content.getBytes(StandardCharsets.UTF_8),
                n.createdAtMillis(), n.expiresAtMillis(), null, n.acceptedNanos());
    }

    private static List<Long> publish(Hub hub, NewItem... items) {
        return HubFixture.publish(hub, items);
    }

    private static void tick(Shard shard) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        shard.executor().execute(() -> {
            shard.heartbeat(HEARTBEAT);
            done.complete(null);
        });
        done.get(5, TimeUnit.SECONDS);
    }

    @Test
    void replayReadsPagesBoundedInBytesAndStillDeliversEverything() throws Exception {
        List<Long> pageBytes = new CopyOnWriteArrayList<>();
        MemoryStore real = new MemoryStore();
        Store recording = new DelegatingStore(real) {
            @Override
            public CompletableFuture<List<Item>> replay(String userId, long after, long upto, int limit, long maxBytes) {
                return super.replay(userId, after, upto, limit, maxBytes).thenApply(page -> {
                    pageBytes.add(page.stream().mapToLong(i -> i.content().length).sum());
                    return page;
                });
            }
        };
        // 200 items per page as by default, but only 10 KB of content.
        Hub hub = hub(recording, HubConfig.defaults().withReplayBytes(10_000, 1_000_000));
        long anchor = publish(hub, notification(Target.user("u"), "seen")).get(0);
        List<Long> missed = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            missed.addAll(publish(hub, sized(i % 3 == 0 ? Target.everyone() : Target.user("u"), 3000)));
        }
        ExecutorService loop = loop();
        RecordingSink sink = new RecordingSink(loop, 1_000_000);
        open(hub.newShard(loop), new StreamRequest("u", null, hub.store().epoch() + "-" + anchor), sink);
        await().until(() -> sink.itemSeqs().size() == missed.size());
        assertThat(sink.itemSeqs()).containsExactlyElementsOf(missed);
        assertThat(sink.closed).isNull();
        // Each page ends with the item that reaches the budget: under 10 KB plus one 3 KB item.
        assertThat(pageBytes).hasSizeGreaterThanOrEqualTo(60 / 4).allSatisfy(b -> assertThat(b).isLessThan(13_000));
    }

    /** A client that stops reading: it takes {@code capacity} frames, then never drains. */
    private static final class StalledSink implements Sink {
        private final int capacity;
        private int written;
        volatile Runnable waiting;
        volatile CloseReason closed;

        StalledSink(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public void start(Subscription subscription) {
        }

        @Override
        public synchronized boolean write(Frame frame) {
            return ++written < capacity;
        }

        @Override
        public void whenWritable(Runnable action) {
            waiting = action;
        }

        @Override
        public void close(CloseReason reason) {
            closed = reason;
        }
    }

    @Test
    void aReplayingStreamWhoseClientStopsReadingIsCutAfterAWholeHeartbeatPeriod() throws Exception {
        Hub hub = hub(new MemoryStore(), HubConfig.defaults());
        long anchor = publish(hub, notification(Target.user("u"), "seen")).get(0);
        for (int i = 0; i < 50; i++) {
            publish(hub, sized(Target.user("u"), 2000));
        }
        ExecutorService loop = loop();
        Shard shard = hub.newShard(loop);
        StalledSink stalled = new StalledSink(5);
        RecordingSink healthy = new RecordingSink(loop, 1_000_000);
        open(shard, new StreamRequest("u", null, hub.store().epoch() + "-" + anchor), stalled);
        open(shard, new StreamRequest("v", null, null), healthy);
        await().until(() -> stalled.waiting != null);

        // The tick that finds it waiting may come right after it began to wait: not cut yet.
        tick(shard);
        assertThat(stalled.closed).isNull();
        // Still waiting at the next tick: a whole period without a drain. Cut, like a slow live stream.
        tick(shard);
        assertThat(stalled.closed).isEqualTo(CloseReason.SLOW_CONSUMER);
        assertThat(hub.metrics().slowDropped()).isEqualTo(1);
        assertThat(hub.presence().connections("u")).isZero();
        // The healthy stream on the same shard got its heartbeats and stays open.
        assertThat(healthy.frames()).contains(":\n\n");
        assertThat(healthy.closed).isNull();
    }

    @Test
    void aReplayingStreamThatDrainsBetweenTicksOrWaitsForTheStoreIsNotCut() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        MemoryStore real = new MemoryStore();
        Store slowReplay = new DelegatingStore(real) {
            @Override
            public CompletableFuture<List<Item>> replay(String userId, long after, long upto, int limit, long maxBytes) {
                return release.thenCompose(v -> real.replay(userId, after, upto, limit, maxBytes));
            }
        };
        Hub hub = hub(slowReplay, HubConfig.defaults());
        long anchor = publish(hub, notification(Target.user("u"), "seen")).get(0);
        List<Long> missed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            missed.addAll(publish(hub, notification(Target.user("u"), "n" + i)));
        }
        ExecutorService loop = loop();
        Shard shard = hub.newShard(loop);
        StalledSink slow = new StalledSink(3);
        open(shard, new StreamRequest("u", null, hub.store().epoch() + "-" + anchor), slow);
        // Waiting for the store is not the client's fault, however long it takes.
        for (int i = 0; i < 3; i++) {
            tick(shard);
        }
        assertThat(slow.closed).isNull();
        release.complete(null);
        // A slow client that drains once every heartbeat period keeps its stream.
        for (int round = 0; round < 5; round++) {
            await().until(() -> slow.waiting != null);
            tick(shard);
            Runnable resume = slow.waiting;
            slow.waiting = null;
            synchronized (slow) {
                slow.written = 0;
            }
            loop.execute(resume);
        }
        await().until(() -> slow.waiting != null);
        tick(shard);
        assertThat(slow.closed).isNull();
    }

    @Test
    void liveItemsQueuedDuringAReplayAreBoundedInBytes() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        MemoryStore real = new MemoryStore();
        Store slowReplay = new DelegatingStore(real) {
            @Override
            public CompletableFuture<List<Item>> replay(String userId, long after, long upto, int limit, long maxBytes) {
                return release.thenCompose(v -> real.replay(userId, after, upto, limit, maxBytes));
            }
        };
        // Up to 2,000 items may queue, but only 10 KB of them.
        Hub hub = hub(slowReplay, HubConfig.defaults().withReplayBytes(256 * 1024, 10_000));
        long anchor = publish(hub, notification(Target.user("u"), "seen"), notification(Target.user("u"), "missed")).get(0);
        ExecutorService loop = loop();
        Shard shard = hub.newShard(loop);
        RecordingSink replaying = new RecordingSink(loop, 1_000_000);
        RecordingSink witness = new RecordingSink(loop, 1_000_000);
        open(shard, new StreamRequest("u", null, hub.store().epoch() + "-" + anchor), replaying);
        open(shard, new StreamRequest("w", null, null), witness);
        // Three 3 KB items stay under 10 KB of frames: queued.
        for (int i = 0; i < 3; i++) {
            publish(hub, sized(Target.user("u"), 3000));
        }
        long marker = publish(hub, notification(Target.user("w"), "marker")).get(0);
        await().until(() -> witness.itemSeqs().contains(marker));
        assertThat(replaying.closed).isNull();
        // The fourth reaches the bound and is the last one queued; the fifth closes the stream.
        publish(hub, sized(Target.user("u"), 3000), sized(Target.user("u"), 3000));
        await().until(() -> replaying.closed != null);
        assertThat(replaying.closed).isEqualTo(CloseReason.REPLAY_OVERFLOW);
        assertThat(hub.metrics().replayOverflows()).isEqualTo(1);
        release.complete(null);
    }

    @Test
    void aJvmErrorDuringReplayClosesTheStreamAsInternalNotAsTheStoreAndIsKeptForHealth() throws Exception {
        MemoryStore real = new MemoryStore();
        Store failing = new DelegatingStore(real) {
            @Override
            public CompletableFuture<List<Item>> replay(String userId, long after, long upto, int limit, long maxBytes) {
                // As a store's reader thread reports an allocation that failed while it built a page.
                return CompletableFuture.supplyAsync(() -> {
                    throw new OutOfMemoryError("Java heap space");
                });
            }
        };
        Hub hub = hub(failing, HubConfig.defaults());
        long anchor = publish(hub, notification(Target.user("u"), "seen"), notification(Target.user("u"), "missed")).get(0);
        assertThat(hub.jvmErrors().reasons()).isEmpty();
        ExecutorService loop = loop();
        Shard shard = hub.newShard(loop);
        for (int i = 0; i < 2; i++) {
            RecordingSink sink = new RecordingSink(loop, 1_000_000);
            open(shard, new StreamRequest("u", null, hub.store().epoch() + "-" + anchor), sink);
            await().until(() -> sink.closed != null);
            assertThat(sink.closed).isEqualTo(CloseReason.INTERNAL_ERROR);
        }
        // Kept once per type, with the time it first happened.
        assertThat(hub.jvmErrors().reasons()).singleElement().asString()
                .matches("jvm: OutOfMemoryError \\(Java heap space\\) at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(hub.presence().connections("u")).isZero();
    }
}
