package dev.herald.core.bus;

import dev.herald.core.item.Item;
import dev.herald.core.item.Target;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.herald.core.store.TestItems.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * The {@link Bus} contract, run by every implementation: what one node publishes reaches its own
 * listener and every other node's, in the order it was published, once; a closed bus delivers
 * nothing. Implementations that have only one node skip the cross-node cases.
 */
public abstract class BusContract {
    protected static final String EPOCH = "buscontract";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final List<Bus> buses = new ArrayList<>();

    /**
     * A started-to-be node on the bus under test: every call before the test's end returns a node
     * of the same hub (so they see each other's items).
     */
    protected abstract Bus newNode(String nodeId);

    /** Whether {@link #newNode} can return more than one node of one hub. */
    protected abstract boolean severalNodes();

    /** Waits until the node can send and receive (a networked bus connects asynchronously). */
    protected void awaitReady(Bus bus) {
        await().atMost(WAIT).until(bus::healthy);
    }

    @AfterEach
    void closeBuses() {
        buses.forEach(Bus::close);
    }

    /** A listener that records what it gets. */
    public static final class Recorder implements BusListener {
        public final List<Item> items = new CopyOnWriteArrayList<>();
        private final AtomicInteger resyncs = new AtomicInteger();

        @Override
        public void onItems(List<Item> batch) {
            items.addAll(batch);
        }

        @Override
        public void onResync() {
            resyncs.incrementAndGet();
        }

        public List<Long> seqs() {
            return items.stream().map(Item::seq).toList();
        }

        public int resyncs() {
            return resyncs.get();
        }
    }

    protected Bus node(String id, Recorder recorder) {
        Bus bus = newNode(id);
        buses.add(bus);
        bus.start(recorder);
        awaitReady(bus);
        return bus;
    }

    protected static List<Item> items(long fromSeq, int n, Target target) {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Item(EPOCH, fromSeq + i, notification(target, "n" + (fromSeq + i))));
        }
        return out;
    }

    @Test
    void aNodeGetsWhatItPublishesItselfInOrderOnce() throws InterruptedException {
        Recorder me = new Recorder();
        Bus bus = node("a", me);
        for (long seq = 1; seq <= 50; seq += 5) {
            bus.publish(items(seq, 5, Target.user("u")));
        }
        await().atMost(WAIT).until(() -> me.items.size() >= 50);
        Thread.sleep(200); // a duplicate (its own message coming back) would arrive by now
        assertThat(me.seqs()).containsExactlyElementsOf(seqsFrom(1, 50));
    }

    @Test
    void everyOtherNodeGetsWhatOneNodePublishesInOrderOnce() throws InterruptedException {
        assumeTrue(severalNodes(), "a one-node bus");
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        Recorder c = new Recorder();
        Bus busA = node("a", a);
        node("b", b);
        node("c", c);
        for (long seq = 1; seq <= 200; seq += 4) {
            busA.publish(items(seq, 4, seq % 8 == 1 ? Target.everyone() : Target.users(List.of("x", "y"))));
        }
        for (Recorder r : List.of(a, b, c)) {
            await().atMost(WAIT).until(() -> r.items.size() >= 200);
        }
        Thread.sleep(200); // anything extra (a duplicate) would arrive by now
        for (Recorder r : List.of(a, b, c)) {
            assertThat(r.seqs()).containsExactlyElementsOf(seqsFrom(1, 200));
        }
        Item first = b.items.get(0);
        assertThat(first.target()).isEqualTo(Target.everyone());
        assertThat(first.frame().bytes()).isEqualTo(a.items.get(0).frame().bytes());
        assertThat(b.items.get(4).target()).isEqualTo(Target.users(List.of("x", "y")));
    }

    @Test
    void aClosedNodeGetsNothingMore() throws InterruptedException {
        Recorder a = new Recorder();
        Bus busA = node("a", a);
        Recorder b = new Recorder();
        Bus busB = severalNodes() ? node("b", b) : busA;
        Recorder watcher = severalNodes() ? b : a;
        busA.publish(items(1, 1, Target.user("u")));
        await().atMost(WAIT).until(() -> watcher.items.size() == 1);
        busB.close();
        assertThat(busB.healthy()).isFalse();
        busA.publish(items(2, 1, Target.user("u")));
        Thread.sleep(300);
        assertThat(watcher.seqs()).containsExactly(1L);
        busB.close(); // twice is fine
    }

    private static List<Long> seqsFrom(long from, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(from + i);
        }
        return out;
    }
}
