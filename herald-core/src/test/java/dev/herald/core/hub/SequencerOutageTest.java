package dev.herald.core.hub;

import ch.qos.logback.classic.Level;
import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.item.Item;
import dev.herald.core.item.Target;
import dev.herald.core.store.LogBounds;
import dev.herald.core.store.MemoryStore;
import dev.herald.core.store.TestItems;
import dev.herald.core.testing.CapturedLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the store cannot be read, the node's periodic catch-up keeps asking: that must cost one
 * retrying read, not one more per second of the outage, and one WARN, not one per retry. When the
 * store is back, what was committed meanwhile is handed on.
 */
class SequencerOutageTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final MemoryStore memory = new MemoryStore();
    private final AtomicBoolean down = new AtomicBoolean(true);
    private final AtomicInteger headReads = new AtomicInteger();
    private final List<Item> handedOn = new CopyOnWriteArrayList<>();
    private final CapturedLogs logs = CapturedLogs.of(Sequencer.class);

    @AfterEach
    void stop() {
        logs.close();
        timer.shutdownNow();
        memory.close();
    }

    @Test
    void aStoreOutageCostsOneRetryingReadAndOneWarning() throws Exception {
        DelegatingStore store = new DelegatingStore(memory) {
            @Override
            public CompletableFuture<LogBounds> bounds() {
                headReads.incrementAndGet();
                return down.get()
                        ? CompletableFuture.failedFuture(new HeraldException(ErrorCode.STORE_UNAVAILABLE, "store unavailable"))
                        : super.bounds();
            }
        };
        Sequencer sequencer = new Sequencer(0, store, timer, 50, handedOn::addAll);

        // The periodic catch-up and bus resyncs keep coming while the store is down.
        for (int i = 0; i < 20; i++) {
            sequencer.resync();
        }
        assertThat(headReads.get()).as("one read on its way; the other calls wait for it").isLessThanOrEqualTo(3);
        await("a few retries", () -> headReads.get() >= 6);

        memory.append(List.of(TestItems.notification(Target.user("u"), "while the head could not be read"))).join();
        down.set(false);
        await("the item committed meanwhile to be handed on", () -> handedOn.size() == 1);

        assertThat(logs.events()).filteredOn(e -> e.getLevel() == Level.WARN).hasSize(1);
        await("the recovery to be said", () -> logs.events().stream().anyMatch(
                e -> e.getLevel() == Level.INFO && e.getFormattedMessage().startsWith("resync: the log head can be read again")));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
