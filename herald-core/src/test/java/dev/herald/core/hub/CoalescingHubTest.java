package dev.herald.core.hub;

import dev.herald.core.bus.LocalBus;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.Target;
import dev.herald.core.store.MemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

import static dev.herald.core.store.TestItems.collapsible;
import static dev.herald.core.store.TestItems.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Event coalescing in the hub core: streams that are behind, replay, and the live rate cap. */
class CoalescingHubTest {
    private final HubFixture fixture = new HubFixture();

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    private Hub hub() {
        return fixture.hub(new MemoryStore(), new LocalBus(), HubConfig.defaults());
    }

    private static NewItem progress(String user, int percent) {
        return collapsible(Target.user(user), "progress", "upload:abc", 0, percent);
    }

    private static NewItem plain(String user, String name) {
        return event(Target.user(user), name, System.currentTimeMillis(), 60_000);
    }

    @Test
    void aStalledStreamGetsTheLatestProgressAndEveryOtherItemOnceItDrains() throws Exception {
        Hub hub = hub();
        ExecutorService loop = fixture.loop();
        Shard shard = hub.newShard(loop);
        StallingSink slow = new StallingSink(loop);
        RecordingSink other = new RecordingSink(loop, 100_000);
        HubFixture.open(shard, new StreamRequest("slow", null, null), slow);
        HubFixture.open(shard, new StreamRequest("other", null, null), other);
        await().until(() -> !other.frames().isEmpty());
        slow.stall();

        List<Long> plainSeqs = new ArrayList<>();
        List<Long> otherSeqs = new ArrayList<>();
        long lastProgress = 0;
        for (int i = 1; i <= 1000; i++) {
            lastProgress = HubFixture.publish(hub, progress("slow", i)).get(0);
            otherSeqs.addAll(HubFixture.publish(hub, collapsible(Target.user("other"), "progress", "upload:abc", 0, i)));
            if (i % 100 == 0) {
                plainSeqs.addAll(HubFixture.publish(hub, plain("slow", "milestone")));
            }
        }
        // The stream that keeps reading is untouched: all of its thousand events, in order.
        await().until(() -> other.itemSeqs().size() == 1000);
        assertThat(other.itemSeqs()).containsExactlyElementsOf(otherSeqs);

        await().until(slow::waitingForDrain);
        slow.resume();
        String finalValue = "{\"id\":\"" + hub.store().epoch() + "-" + lastProgress
                + "\",\"event\":\"progress\",\"data\":1000}";
        await().until(() -> slow.data().contains(finalValue));

        assertThat(slow.closed).isNull();
        List<Long> got = slow.seqs();
        assertThat(got).isSorted().doesNotHaveDuplicates();
        assertThat(got).containsAll(plainSeqs);
        assertThat(got.size()).isLessThan(100);
        assertThat(hub.metrics().coalesced()).isGreaterThan(900);
    }

    @Test
    void aResumingClientGetsTheLatestPerKeyInTheRangeAndEveryItemWithoutAKeyInOrder() throws Exception {
        Hub hub = hub();
        List<Long> expected = new ArrayList<>();
        long anchor = HubFixture.publish(hub, plain("u", "before")).get(0);
        long lastA = 0;
        long lastB = 0;
        for (int i = 1; i <= 30; i++) {
            lastA = HubFixture.publish(hub, collapsible(Target.user("u"), "progress", "a", 0, i)).get(0);
            if (i % 3 == 0) {
                lastB = HubFixture.publish(hub, collapsible(Target.user("u"), "progress", "b", 0, i)).get(0);
            }
            if (i % 10 == 0) {
                expected.addAll(HubFixture.publish(hub, plain("u", "tick")));
            }
        }
        expected.add(lastA);
        expected.add(lastB);
        expected.sort(Long::compare);

        ExecutorService loop = fixture.loop();
        Shard shard = hub.newShard(loop);
        RecordingSink sink = new RecordingSink(loop, 100_000);
        HubFixture.open(shard, new StreamRequest("u", null, hub.store().epoch() + "-" + anchor), sink);
        await().until(() -> sink.itemSeqs().size() >= expected.size());
        // Then live: one more event after the replay proves the stream is live and complete.
        long live = HubFixture.publish(hub, plain("u", "after")).get(0);
        await().until(() -> sink.itemSeqs().contains(live));

        List<Long> all = new ArrayList<>(expected);
        all.add(live);
        assertThat(sink.itemSeqs()).containsExactlyElementsOf(all);
    }

    @Test
    void theRateCapLetsTheLatestThroughAndTheFinalValueAlwaysArrives() throws Exception {
        Hub hub = hub();
        ExecutorService loop = fixture.loop();
        Shard shard = hub.newShard(loop);
        RecordingSink sink = new RecordingSink(loop, 100_000);
        HubFixture.open(shard, new StreamRequest("u", null, null), sink);
        await().until(() -> !sink.frames().isEmpty());

        List<Long> seqs = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            seqs.addAll(HubFixture.publish(hub, collapsible(Target.user("u"), "progress", "xp", 2, i)));
        }
        long tick = HubFixture.publish(hub, plain("u", "tick")).get(0);
        long last = HubFixture.publish(hub, collapsible(Target.user("u"), "progress", "xp", 2, 201)).get(0);

        await().until(() -> sink.itemSeqs().contains(last));
        List<Long> got = sink.itemSeqs();
        // The first goes at once; the item without a key is never held back or dropped; the last
        // value arrives even though nothing follows it; order holds throughout.
        assertThat(got.get(0)).isEqualTo(seqs.get(0));
        assertThat(got).contains(tick).isSorted().doesNotHaveDuplicates();
        assertThat(got.get(got.size() - 1)).isEqualTo(last);
        assertThat(got.size()).isLessThan(100);
    }

    @Test
    void aRateCappedKeyToAStalledStreamStillEndsWithItsFinalValueInOrder() throws Exception {
        Hub hub = hub();
        ExecutorService loop = fixture.loop();
        Shard shard = hub.newShard(loop);
        StallingSink slow = new StallingSink(loop);
        HubFixture.open(shard, new StreamRequest("u", null, null), slow);
        long first = HubFixture.publish(hub, collapsible(Target.user("u"), "xp", "xp", 1, 0)).get(0);
        await().until(() -> slow.seqs().contains(first));
        slow.stall();
        List<Long> ticks = new ArrayList<>();
        long last = 0;
        for (int i = 1; i <= 300; i++) {
            last = HubFixture.publish(hub, collapsible(Target.user("u"), "xp", "xp", 1, i)).get(0);
            if (i % 100 == 0) {
                ticks.addAll(HubFixture.publish(hub, plain("u", "tick")));
            }
        }
        long lastXp = last;
        // Held by the cap, released into a full sink: the stream waits for the drain (not cut).
        await().until(slow::waitingForDrain);
        slow.resume();
        await().until(() -> slow.seqs().contains(lastXp));
        assertThat(slow.closed).isNull();
        assertThat(slow.seqs()).isSorted().doesNotHaveDuplicates().containsAll(ticks).hasSizeLessThan(50);
    }

    @Test
    void anEventTheStreamFiltersOutNeverSupersedesOneItWants() throws Exception {
        Hub hub = hub();
        long anchor = HubFixture.publish(hub, plain("u", "before")).get(0);
        long wanted = HubFixture.publish(hub, collapsible(Target.user("u"), "progress", "k", 0, 1)).get(0);
        HubFixture.publish(hub, collapsible(Target.user("u"), "done", "k", 0, 2));
        long tick = HubFixture.publish(hub, plain("u", "progress")).get(0);

        ExecutorService loop = fixture.loop();
        Shard shard = hub.newShard(loop);
        RecordingSink sink = new RecordingSink(loop, 100_000);
        HubFixture.open(shard, new StreamRequest("u", java.util.Set.of("progress"),
                hub.store().epoch() + "-" + anchor), sink);
        await().until(() -> sink.itemSeqs().contains(tick));
        assertThat(sink.itemSeqs()).containsExactly(wanted, tick);
    }

    @Test
    void withoutCollapseKeysAStalledLiveStreamIsStillCutAsTooSlow() throws Exception {
        Hub hub = hub();
        ExecutorService loop = fixture.loop();
        Shard shard = hub.newShard(loop);
        StallingSink slow = new StallingSink(loop);
        HubFixture.open(shard, new StreamRequest("u", null, null), slow);
        await().until(() -> !slow.data().isEmpty() || hub.metrics().delivered() >= 0);
        HubFixture.publish(hub, plain("u", "first"));
        await().until(() -> slow.seqs().size() == 1);
        slow.stall();
        HubFixture.publish(hub, plain("u", "second"));
        await().until(() -> slow.closed != null);
        assertThat(slow.closed).isEqualTo(CloseReason.SLOW_CONSUMER);
    }
}
