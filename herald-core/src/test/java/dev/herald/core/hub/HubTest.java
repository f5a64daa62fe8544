package dev.herald.core.hub;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.bus.Bus;
import dev.herald.core.bus.BusListener;
import dev.herald.core.bus.LocalBus;
import dev.herald.core.inbox.InboxChange;
import dev.herald.core.item.Item;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.Target;
import dev.herald.core.store.MemoryStore;
import dev.herald.core.store.TestItems;
import dev.herald.core.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static dev.herald.core.store.TestItems.event;
import static dev.herald.core.store.TestItems.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The hub core without HTTP: ordering, the replay/live seam, resets, limits and gap repair. */
class HubTest {
    private final HubFixture fixture = new HubFixture();

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    private Hub hub(Store store, Bus bus, HubConfig config) {
        return fixture.hub(store, bus, config);
    }

    private Hub hub() {
        return hub(new MemoryStore(), new LocalBus(), HubConfig.defaults());
    }

    private ExecutorService loop() {
        return fixture.loop();
    }

    private static Subscription open(Shard shard, StreamRequest request, Sink sink) throws Exception {
        return HubFixture.open(shard, request, sink);
    }

    /** A local bus that passes on the n-th publish (counting from 1) only when {@code keep} says so. */
    private static Bus lossyBus(java.util.function.IntPredicate keep) {
        LocalBus local = new LocalBus();
        return new Bus() {
            private int n;

            @Override
            public void start(BusListener listener) {
                local.start(listener);
            }

            @Override
            public synchronized void publish(List<Item> items) {
                if (keep.test(++n)) {
                    local.publish(items);
                }
            }

            @Override
            public boolean healthy() {
                return true;
            }

            @Override
            public void close() {
                local.close();
            }
        };
    }

    private static List<Long> publish(Hub hub, NewItem... items) {
        return HubFixture.publish(hub, items);
    }

    @Test
    void freshStreamIsPinnedAtTheCurrentPositionThenGetsLiveItemsInOrder() throws Exception {
        Hub hub = hub();
        publish(hub, notification(Target.user("u"), "before"));
        ExecutorService loop = loop();
        Shard shard = hub.newShard(loop);
        RecordingSink sink = new RecordingSink(loop, 1000);
        open(shard, new StreamRequest("u", null, null), sink);
        await().until(() -> !sink.frames().isEmpty());
        assertThat(sink.frames().get(0)).isEqualTo("id: " + hub.store().epoch() + "-1\n\n");
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            seqs.addAll(publish(hub, notification(Target.user(i % 2 == 0 ? "u" : "other"), "n" + i)));
        }
        List<Long> mine = seqs.stream().filter(s -> s % 2 == 0).toList();
        await().until(() -> sink.itemSeqs().size() == 25);
        assertThat(sink.itemSeqs()).containsExactlyElementsOf(mine);
    }

    /**
     * The seam between acknowledgement and fan-out: an item acknowledged before a fresh stream was
     * asked for, but not yet delivered by this node (its reply goes out first), never comes on that
     * stream (its anchor is past it); an item acknowledged after {@code connected}, even before the
     * stream's anchor frame is out, always comes.
     */
    @Test
    void anItemAcknowledgedBeforeAFreshStreamConnectsIsNeverDeliveredOnIt() throws Exception {
        java.util.concurrent.BlockingQueue<List<Item>> held = new java.util.concurrent.LinkedBlockingQueue<>();
        LocalBus local = new LocalBus();
        Bus gated = new Bus() {
            @Override
            public void start(BusListener listener) {
                local.start(listener);
            }

            @Override
            public void publish(List<Item> items) {
                held.add(items);
            }

            @Override
            public boolean healthy() {
                return true;
            }

            @Override
            public void close() {
                local.close();
            }
        };
        Hub hub = hub(new MemoryStore(), gated, HubConfig.defaults());
        ExecutorService loop = loop();
        Shard shard = hub.newShard(loop);
        long acknowledged = publish(hub, notification(Target.user("u"), "acknowledged, not yet delivered")).get(0);

        RecordingSink sink = new RecordingSink(loop, 1000);
        // As the transport does: admit (the slot, and the log's head) before opening.
        StreamRequest admitted = hub.admit(new StreamRequest("u", null, null)).join();
        open(shard, admitted, sink);
        // `connected` is out (the sink was started); this publish is answered after it.
        long next = publish(hub, notification(Target.user("u"), "after connected")).get(0);
        await().until(() -> !sink.frames().isEmpty());
        assertThat(sink.frames().get(0)).isEqualTo("id: " + hub.store().epoch() + "-" + acknowledged + "\n\n");

        local.publish(held.take()); // this node now delivers the item acknowledged before the stream
        local.publish(held.take());
        await().until(() -> sink.itemSeqs().size() == 1);
        assertThat(sink.itemSeqs()).containsExactly(next);
    }

    @Test
    void reconnectReplaysExactlyWhatWasMissedThenGoesLive() throws Exception {
        Hub hub = hub();
        List<Long> before = publish(hub, notification(Target.user("u"), "seen"));
        List<Long> missed = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            NewItem item = switch (i % 4) {
                case 0 -> notification(Target.user("u"), "n" + i);
                case 1 -> event(Target.user("u"), "score", System.currentTimeMillis(), 60_000);
                case 2 -> notification(Target.everyone(), "all" + i);
                default -> notification(Target.user("someone-else"), "x" + i);
            };
            List<Long> s = publish(hub, item);
            if (i % 4 != 3) {
                missed.addAll(s);
            }
        }
        ExecutorService loop = loop();
        Shard shard = hub.newShard(loop);
        // A small client buffer forces replay to pause and resume many times.
        RecordingSink sink = new RecordingSink(loop, 7);
        open(shard, new StreamRequest("u", null, hub.store().epoch() + "-" + before.get(0)), sink);
        await().until(() -> sink.itemSeqs().size() == missed.size());
        List<Long> live = publish(hub, notification(Target.user("u"), "live"));
        await().until(() -> sink.itemSeqs().size() == missed.size() + 1);
        List<Long> expected = new ArrayList<>(missed);
        expected.addAll(live);
        assertThat(sink.itemSeqs()).containsExactlyElementsOf(expected);
        assertThat(sink.eventNames()).doesNotContain("reset");
    }

    /**
     * The seam, property-style: several publishers keep publishing while a stream resumes. Whatever
     * the interleaving, it receives every item for its user after its id exactly once, in order.
     */
    @RepeatedTest(25)
    void noGapOrDuplicateAtTheSeamWhilePublishersRun() throws Exception {
        Hub hub = hub(new MemoryStore(), new LocalBus(), new HubConfig(5, 16, 100_000, 50, 60_000, 0));
        ConcurrentLinkedQueue<Long> forUser = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < 200; i++) {
            Target t = i % 3 == 0 ? Target.user("other") : i % 5 == 0 ? Target.everyone() : Target.user("u");
            long seq = publish(hub, notification(t, "pre" + i)).get(0);
            if (!t.equals(Target.user("other"))) {
                forUser.add(seq);
            }
        }
        long resumeAfter = 1 + ThreadLocalRandom.current().nextInt(150);
        ExecutorService loop = loop();
        Shard shard = hub.newShard(loop);
        // The client's buffer is tiny while the pre-published backlog replays (so replay pauses and
        // resumes many times), and roomy afterwards (so live items are not cut off as too slow).
        int backlog = (int) forUser.stream().filter(s -> s > resumeAfter).count();
        RecordingSink sink = new RecordingSink(loop, 1 + ThreadLocalRandom.current().nextInt(20), backlog);
        ExecutorService publishers = Executors.newFixedThreadPool(3);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            int pub = p;
            running.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < 60; i++) {
                    Target t = (i + pub) % 4 == 0 ? Target.user("other") : Target.user("u");
                    long seq = publish(hub, notification(t, "p" + pub + "-" + i)).get(0);
                    if (!t.equals(Target.user("other"))) {
                        forUser.add(seq);
                    }
                }
            }, publishers));
        }
        go.countDown();
        open(shard, new StreamRequest("u", null, hub.store().epoch() + "-" + resumeAfter), sink);
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        publishers.shutdown();
        List<Long> expected = forUser.stream().filter(s -> s > resumeAfter).sorted().toList();
        long deadline = System.currentTimeMillis() + 10_000;
        while (sink.itemSeqs().size() < expected.size() && sink.closed == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(50);
        assertThat(sink.closed).as("closed; resumed after %s, frames %s", resumeAfter, sink.frames()).isNull();
        assertThat(sink.itemSeqs()).containsExactlyElementsOf(expected);
        assertThat(sink.closed).isNull();
    }

    @Test
    void unknownPositionsGetAResetCarryingTheCurrentPosition() throws Exception {
        Hub hub = hub();
        publish(hub, notification(Target.user("u"), "a"), notification(Target.user("u"), "b"));
        String epoch = hub.store().epoch();
        for (String[] c : new String[][]{{"garbage", "invalid_id"}, {"zzzzzzzz-1", "unknown_epoch"},
                {epoch + "-99", "unknown_position"}}) {
            ExecutorService loop = loop();
            Shard shard = hub.newShard(loop);
            RecordingSink sink = new RecordingSink(loop, 1000);
            long head = hub.store().bounds().join().head();
            Subscription sub = open(shard, new StreamRequest("u", null, c[0]), sink);
            await().until(() -> !sink.frames().isEmpty());
            assertThat(sink.frames().get(0)).as(c[0])
                    .isEqualTo("id: " + epoch + "-" + head + "\nevent: reset\ndata: {\"reason\":\"" + c[1] + "\"}\n\n");
            publish(hub, notification(Target.user("u"), "after reset"));
            await().until(() -> sink.itemSeqs().size() == 1);
            shard.executor().execute(() -> sub.close(CloseReason.CLIENT_GONE));
        }
        assertThat(hub.metrics().resets()).isEqualTo(3);
    }

    @Test
    void positionsLostToRetentionGetAnExpiredReset() throws Exception {
        Hub hub = hub();
        long now = System.currentTimeMillis();
        hub.publish(List.of(event(Target.user("u"), "old", now - 10_000, 1_000))).join();
        publish(hub, notification(Target.user("u"), "kept"));
        hub.store().prune(now).join();
        ExecutorService loop = loop();
        Shard shard = hub.newShard(loop);
        RecordingSink sink = new RecordingSink(loop, 1000);
        open(shard, new StreamRequest("u", null, hub.store().epoch() + "-0"), sink);
        await().until(() -> !sink.frames().isEmpty());
        assertThat(sink.frames().get(0)).contains("event: reset").contains("\"reason\":\"expired\"");
    }

    @Test
    void theUsersConnectionLimitIsEnforcedBeforeTheSinkIsTouched() throws Exception {
        Hub hub = hub(new MemoryStore(), new LocalBus(), HubConfig.defaults().withMaxConnectionsPerUser(2));
        ExecutorService loop = loop();
        Shard shard = hub.newShard(loop);
        Subscription a = open(shard, new StreamRequest("u", null, null), new RecordingSink(loop, 100));
        open(shard, new StreamRequest("u", null, null), new RecordingSink(loop, 100));
        RecordingSink third = new RecordingSink(loop, 100);
        assertThatThrownBy(() -> open(shard, new StreamRequest("u", null, null), third))
                .hasCauseInstanceOf(HeraldException.class)
                .cause().satisfies(e -> assertThat(((HeraldException) e).code()).isEqualTo(ErrorCode.TOO_MANY_CONNECTIONS));
        assertThat(third.started).isFalse();
        assertThat(hub.presence().connections("u")).isEqualTo(2);
        loop.submit(() -> a.close(CloseReason.CLIENT_GONE)).get();
        assertThat(hub.presence().connections("u")).isEqualTo(1);
        open(shard, new StreamRequest("u", null, null), new RecordingSink(loop, 100));
        assertThat(hub.presence().connections("u")).isEqualTo(2);
    }

    @Test
    void theExpirySweepEndsOnlyTheStreamsWhoseCredentialRanOut() throws Exception {
        Hub hub = hub();
        ExecutorService loop = loop();
        Shard shard = hub.newShard(loop);
        RecordingSink early = new RecordingSink(loop, 100);
        RecordingSink late = new RecordingSink(loop, 100);
        RecordingSink never = new RecordingSink(loop, 100);
        Subscription a = open(shard, new StreamRequest("u", null, null), early);
        Subscription b = open(shard, new StreamRequest("v", null, null), late);
        open(shard, new StreamRequest("w", null, null), never);
        loop.submit(() -> {
            a.expireAt(1_000);
            b.expireAt(2_000);
        }).get();
        loop.submit(() -> shard.expire(999)).get();
        assertThat(early.closed).isNull();
        loop.submit(() -> shard.expire(1_000)).get();
        assertThat(early.closed).isEqualTo(CloseReason.TOKEN_EXPIRED);
        assertThat(late.closed).isNull();
        loop.submit(() -> shard.expire(5_000)).get();
        assertThat(late.closed).isEqualTo(CloseReason.TOKEN_EXPIRED);
        assertThat(never.closed).isNull();
        assertThat(shard.size()).isEqualTo(1);
        assertThat(hub.presence().connections("u")).isZero();
    }

    @Test
    void aLiveStreamPastItsBoundIsCutOffAndOthersContinue() throws Exception {
        Hub hub = hub();
        ExecutorService loop = loop();
        Shard shard = hub.newShard(loop);
        RecordingSink slow = new RecordingSink(loop, 3);
        RecordingSink fine = new RecordingSink(loop, 1_000_000);
        open(shard, new StreamRequest("u", null, null), slow);
        open(shard, new StreamRequest("v", null, null), fine);
        for (int i = 0; i < 10; i++) {
            publish(hub, notification(Target.everyone(), "n" + i));
        }
        await().until(() -> fine.itemSeqs().size() == 10);
        assertThat(slow.closed).isEqualTo(CloseReason.SLOW_CONSUMER);
        assertThat(hub.metrics().slowDropped()).isEqualTo(1);
        assertThat(hub.presence().connections("u")).isZero();
    }

    @Test
    void liveItemsPilingUpDuringAReplayCloseTheStreamInsteadOfGrowingMemory() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        MemoryStore real = new MemoryStore();
        Store slowReplay = new DelegatingStore(real) {
            @Override
            public CompletableFuture<List<Item>> replay(String userId, long after, long upto, int limit, long maxBytes) {
                return release.thenCompose(v -> real.replay(userId, after, upto, limit, maxBytes));
            }
        };
        Hub hub = hub(slowReplay, new LocalBus(), new HubConfig(5, 200, 10, 50, 60_000, 0));
        publish(hub, notification(Target.user("u"), "a"), notification(Target.user("u"), "b"));
        ExecutorService loop = loop();
        Shard shard = hub.newShard(loop);
        RecordingSink sink = new RecordingSink(loop, 1000);
        open(shard, new StreamRequest("u", null, hub.store().epoch() + "-1"), sink);
        for (int i = 0; i < 11; i++) {
            publish(hub, notification(Target.user("u"), "live" + i));
        }
        await().until(() -> sink.closed != null);
        assertThat(sink.closed).isEqualTo(CloseReason.REPLAY_OVERFLOW);
        release.complete(null);
        assertThat(hub.metrics().replayOverflows()).isEqualTo(1);
        assertThat(hub.presence().connections("u")).isZero();
    }

    @Test
    void itemsTheBusLostAreReadBackFromTheStoreInOrder() throws Exception {
        // A bus that silently drops every third message, as Redis pub/sub may during a blip.
        Bus lossy = lossyBus(n -> n % 3 != 0);
        Hub hub = hub(new MemoryStore(), lossy, new HubConfig(5, 200, 2000, 20, 60_000, 0));
        ExecutorService loop = loop();
        Shard shard = hub.newShard(loop);
        RecordingSink sink = new RecordingSink(loop, 1_000_000);
        open(shard, new StreamRequest("u", null, null), sink);
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            seqs.addAll(publish(hub, notification(Target.user("u"), "n" + i)));
        }
        // The last item may itself be the lost one with nothing after it to reveal the gap; the
        // next publish (to anyone) reveals it.
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.itemSeqs().size() >= 29);
        if (sink.itemSeqs().size() < 30) {
            publish(hub, notification(Target.user("nobody"), "reveals the gap"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.itemSeqs().size() == 30);
        assertThat(sink.itemSeqs()).containsExactlyElementsOf(seqs);
    }

    @Test
    void withCatchUpOnALostLastItemArrivesWithoutAnyLaterPublish() throws Exception {
        // A bus that loses everything after the first item: nothing later ever reveals the hole.
        Bus lossy = lossyBus(n -> n == 1);
        Hub hub = hub(new MemoryStore(), lossy, HubConfig.defaults().withCatchUpIntervalMillis(100));
        ExecutorService loop = loop();
        Shard shard = hub.newShard(loop);
        RecordingSink sink = new RecordingSink(loop, 1_000_000);
        open(shard, new StreamRequest("u", null, null), sink);
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            seqs.addAll(publish(hub, notification(Target.user("u"), "n" + i)));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.itemSeqs().size() == 3);
        assertThat(sink.itemSeqs()).containsExactlyElementsOf(seqs);
    }

    @Test
    void aStreamThatCannotOpenGivesItsClusterSlotBack() throws Exception {
        java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();
        dev.herald.core.cluster.Cluster counting = new dev.herald.core.cluster.Cluster() {
            private final dev.herald.core.cluster.SingleNode inner = new dev.herald.core.cluster.SingleNode("n1");

            public String nodeId() {
                return inner.nodeId();
            }

            public void start(dev.herald.core.cluster.LocalNode node) {
                inner.start(node);
            }

            public CompletableFuture<Boolean> tryAcquire(String userId, int max) {
                held.incrementAndGet();
                return CompletableFuture.completedFuture(true);
            }

            public void release(String userId) {
                held.decrementAndGet();
            }

            public CompletableFuture<Integer> connections(String userId) {
                return inner.connections(userId);
            }

            public CompletableFuture<dev.herald.core.cluster.ClusterView> view() {
                return inner.view();
            }

            public CompletableFuture<dev.herald.core.cluster.OnlineUsers> onlineUsers(int limit) {
                return inner.onlineUsers(limit);
            }

            public boolean healthy() {
                return true;
            }

            public void close() {
            }
        };
        Hub hub = fixture.started(new Hub(HubConfig.defaults().withMaxConnectionsPerUser(1), new MemoryStore(),
                new LocalBus(), counting));
        ExecutorService loop = loop();
        Shard shard = hub.newShard(loop);
        hub.admit("u").join();
        Subscription first = open(shard, new StreamRequest("u", null, null), new RecordingSink(loop, 1000));
        hub.admit("u").join();
        // Over this node's own limit: refused, and the slot the admit took is given back.
        assertThatThrownBy(() -> open(shard, new StreamRequest("u", null, null), new RecordingSink(loop, 1000)))
                .hasCauseInstanceOf(HeraldException.class);
        assertThat(held.get()).isEqualTo(1);
        loop.submit(() -> first.close(CloseReason.CLIENT_GONE)).get(5, TimeUnit.SECONDS);
        await().until(() -> held.get() == 0);
        assertThat(hub.report().connections()).isZero();
        assertThat(hub.report().nodeId()).isEqualTo("n1");
    }

    @Test
    void mutedTypesAreNotPushedButReachTheInboxAndChangesApplyToOpenStreams() throws Exception {
        Hub hub = hub();
        hub.inbox().setMutedTypes("u", List.of("t")).join();
        ExecutorService loop = loop();
        Shard shard = hub.newShard(loop);
        RecordingSink sink = new RecordingSink(loop, 1000);
        open(shard, new StreamRequest("u", null, null), sink);
        await().until(() -> !sink.frames().isEmpty());
        long muted = publish(hub, notification(Target.user("u"), "muted")).get(0);
        long ev = publish(hub, event(Target.user("u"), "ping", System.currentTimeMillis(), 60_000)).get(0);
        await().until(() -> sink.itemSeqs().contains(ev));
        assertThat(sink.itemSeqs()).doesNotContain(muted);
        assertThat(hub.inbox().unreadCount("u").join()).isEqualTo(1);

        long unmute = hub.inbox().setMutedTypes("u", List.of()).join().sync().seq();
        long after = publish(hub, notification(Target.user("u"), "now pushed")).get(0);
        await().until(() -> sink.itemSeqs().contains(after));
        assertThat(sink.itemSeqs()).containsExactly(ev, unmute, after);
        assertThat(sink.eventNames()).contains("preferences.updated");
    }

    @Test
    void mutedCategoriesAreNotPushedButReachTheInboxAndChangesApplyToOpenStreams() throws Exception {
        Hub hub = hub();
        hub.inbox().setMuted("u", null, List.of("social")).join();
        ExecutorService loop = loop();
        Shard shard = hub.newShard(loop);
        RecordingSink sink = new RecordingSink(loop, 1000);
        open(shard, new StreamRequest("u", null, null), sink);
        await().until(() -> !sink.frames().isEmpty());
        long muted = publish(hub, TestItems.categorized(Target.user("u"), "muted", "social")).get(0);
        long other = publish(hub, TestItems.categorized(Target.user("u"), "shown", "billing")).get(0);
        await().until(() -> sink.itemSeqs().contains(other));
        assertThat(sink.itemSeqs()).doesNotContain(muted);
        assertThat(hub.inbox().unreadCount("u").join()).isEqualTo(2);

        // Muting types leaves the categories muted; unmuting the categories pushes them again.
        long types = hub.inbox().setMutedTypes("u", List.of("x")).join().sync().seq();
        long stillMuted = publish(hub, TestItems.categorized(Target.user("u"), "still muted", "social")).get(0);
        long unmute = hub.inbox().setMuted("u", null, List.of()).join().sync().seq();
        long after = publish(hub, TestItems.categorized(Target.user("u"), "now pushed", "social")).get(0);
        await().until(() -> sink.itemSeqs().contains(after));
        assertThat(sink.itemSeqs()).containsExactly(other, types, unmute, after).doesNotContain(stillMuted);
    }

    @Test
    void aClosedHubRefusesInboxChangesBeforeTheyReachTheStore() {
        java.util.concurrent.atomic.AtomicInteger changes = new java.util.concurrent.atomic.AtomicInteger();
        Store counting = new DelegatingStore(new MemoryStore()) {
            @Override
            public CompletableFuture<InboxChange> markRead(String userId, long seq, long nowMillis) {
                changes.incrementAndGet();
                return super.markRead(userId, seq, nowMillis);
            }

            @Override
            public CompletableFuture<InboxChange> markAllRead(String userId, long nowMillis) {
                changes.incrementAndGet();
                return super.markAllRead(userId, nowMillis);
            }

            @Override
            public CompletableFuture<InboxChange> delete(String userId, long seq, long nowMillis) {
                changes.incrementAndGet();
                return super.delete(userId, seq, nowMillis);
            }

            @Override
            public CompletableFuture<InboxChange> setPreferences(String userId, List<String> types,
                                                                 List<String> categories, Boolean push, long nowMillis) {
                changes.incrementAndGet();
                return super.setPreferences(userId, types, categories, push, nowMillis);
            }
        };
        Hub hub = hub(counting, new LocalBus(), HubConfig.defaults());
        long n = publish(hub, notification(Target.user("u"), "n")).get(0);
        hub.close();
        for (CompletableFuture<InboxChange> refused : List.of(hub.inbox().markRead("u", n), hub.inbox().markAllRead("u"),
                hub.inbox().delete("u", n), hub.inbox().setMutedTypes("u", List.of("t")))) {
            assertThatThrownBy(refused::join).hasCauseInstanceOf(HeraldException.class)
                    .cause().satisfies(e -> assertThat(((HeraldException) e).code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
        }
        assertThat(changes).hasValue(0);
    }

    @Test
    void inboxChangesReachEveryStreamOfTheUserOnly() throws Exception {
        Hub hub = hub();
        long n = publish(hub, notification(Target.user("u"), "n")).get(0);
        ExecutorService loop1 = loop();
        ExecutorService loop2 = loop();
        Shard s1 = hub.newShard(loop1);
        Shard s2 = hub.newShard(loop2);
        RecordingSink tab1 = new RecordingSink(loop1, 1000);
        RecordingSink tab2 = new RecordingSink(loop2, 1000);
        RecordingSink other = new RecordingSink(loop2, 1000);
        open(s1, new StreamRequest("u", null, null), tab1);
        open(s2, new StreamRequest("u", null, null), tab2);
        open(s2, new StreamRequest("v", null, null), other);
        long read = hub.inbox().markRead("u", n).join().sync().seq();
        long deleted = hub.inbox().delete("u", n).join().sync().seq();
        assertThat(hub.inbox().markRead("v", n).join().found()).isFalse();
        await().until(() -> tab1.itemSeqs().size() == 2 && tab2.itemSeqs().size() == 2);
        assertThat(tab1.itemSeqs()).containsExactly(read, deleted);
        assertThat(tab2.eventNames()).containsExactly("notification.read", "notification.deleted");
        assertThat(other.itemSeqs()).isEmpty();
    }

    /** A store whose appends complete on another thread once {@code gate} opens, as a real store's do. */
    private static Store gatedStore(CountDownLatch gate) {
        return new DelegatingStore(new MemoryStore()) {
            @Override
            public CompletableFuture<List<dev.herald.core.store.Appended>> append(List<NewItem> items) {
                return CompletableFuture.supplyAsync(() -> {
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return super.append(items).join();
                });
            }
        };
    }

    @Test
    void aPublishIsAcknowledgedBeforeItsItemsAreHandedToTheStreamsThreads() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Hub hub = hub(gatedStore(gate), new LocalBus(), HubConfig.defaults());
        ExecutorService loop = loop();
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        hub.newShard(task -> {
            order.add("handed to the shard");
            loop.execute(task);
        });
        CompletableFuture<?> ack = hub.publish(List.of(notification(Target.everyone(), "b")))
                .thenRun(() -> order.add("acknowledged"));
        gate.countDown();
        ack.get(5, TimeUnit.SECONDS);
        await().until(() -> order.size() == 2);
        // The publisher's reply is queued on its event loop before that loop's delivery work.
        assertThat(order).containsExactly("acknowledged", "handed to the shard");
    }

    @Test
    void awaitHandedOnWaitsForAcknowledgedItemsToReachTheShards() throws Exception {
        LocalBus local = new LocalBus();
        Bus slowBus = new Bus() {
            @Override
            public void start(BusListener listener) {
                local.start(listener);
            }

            @Override
            public void publish(List<Item> items) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                local.publish(items);
            }

            @Override
            public boolean healthy() {
                return true;
            }

            @Override
            public void close() {
                local.close();
            }
        };
        CountDownLatch gate = new CountDownLatch(1);
        Hub hub = hub(gatedStore(gate), slowBus, HubConfig.defaults());
        ExecutorService loop = loop();
        java.util.concurrent.atomic.AtomicBoolean handed = new java.util.concurrent.atomic.AtomicBoolean();
        hub.newShard(task -> {
            handed.set(true);
            loop.execute(task);
        });
        CompletableFuture<?> ack = hub.publish(List.of(notification(Target.everyone(), "b")));
        gate.countDown();
        ack.get(5, TimeUnit.SECONDS);
        // A graceful stop waits here after the last reply, before it ends the streams.
        assertThat(hub.awaitHandedOn(5000)).isTrue();
        assertThat(handed).isTrue();
    }

    /** A sink that counts how frames reach it: written at once, buffered for a flush, flushed. */
    private static final class CountingSink implements Sink {
        final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void start(Subscription subscription) {
        }

        @Override
        public boolean write(dev.herald.core.sse.Frame frame) {
            log.add("write");
            return true;
        }

        @Override
        public boolean writeBuffered(dev.herald.core.sse.Frame frame) {
            log.add("buffered");
            return true;
        }

        @Override
        public void flush() {
            log.add("flush");
        }

        @Override
        public void whenWritable(Runnable action) {
        }

        @Override
        public void close(CloseReason reason) {
        }
    }

    private static void runAll(java.util.Queue<Runnable> tasks) {
        Runnable t;
        while ((t = tasks.poll()) != null) {
            t.run();
        }
    }

    @Test
    void batchesArrivingWhileTheShardIsBusyAreWrittenTogetherWithOneFlushPerStream() {
        Hub hub = hub();
        java.util.Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        Shard shard = hub.newShard(tasks::add);
        CountingSink a = new CountingSink();
        CountingSink b = new CountingSink();
        CountingSink idle = new CountingSink();
        tasks.add(() -> shard.open(new StreamRequest("a", null, null), a));
        tasks.add(() -> shard.open(new StreamRequest("b", null, null), b));
        tasks.add(() -> shard.open(new StreamRequest("idle", null, null), idle));
        runAll(tasks);
        assertThat(a.log).containsExactly("write"); // the anchor frame: the stream is live
        a.log.clear();
        b.log.clear();
        idle.log.clear();

        // Three publishes while the shard's thread is busy elsewhere: one drain task for all three.
        publish(hub, notification(Target.user("a"), "1"));
        publish(hub, notification(Target.users(List.of("a", "b")), "2"));
        publish(hub, notification(Target.user("a"), "3"));
        assertThat(tasks).hasSize(1);
        runAll(tasks);

        assertThat(a.log).containsExactly("buffered", "buffered", "buffered", "flush");
        assertThat(b.log).containsExactly("buffered", "flush");
        assertThat(idle.log).isEmpty();

        // Quiet again: the next publish is its own batch, flushed at once.
        publish(hub, notification(Target.user("b"), "4"));
        runAll(tasks);
        assertThat(b.log).containsExactly("buffered", "flush", "buffered", "flush");
    }

    @Test
    void closeIsIdempotentAndRefusesLaterPublishes() {
        Hub hub = hub();
        hub.close();
        hub.close();
        assertThatThrownBy(() -> hub.publish(List.of(notification(Target.user("u"), "late"))).join())
                .hasCauseInstanceOf(HeraldException.class);
    }
}
