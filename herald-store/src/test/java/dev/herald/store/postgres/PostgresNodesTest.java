package dev.herald.store.postgres;

import dev.herald.core.item.Item;
import dev.herald.core.item.Target;
import dev.herald.core.store.Appended;
import dev.herald.core.store.Store;
import dev.herald.core.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static dev.herald.core.store.TestItems.event;
import static dev.herald.core.store.TestItems.notification;
import static org.assertj.core.api.Assertions.assertThat;

/** Several Herald nodes sharing one database: one dense sequence, visible in order. */
@RequiresPostgres
class PostgresNodesTest {
    private final Schemas schemas = new Schemas();

    @AfterEach
    void dropSchemas() {
        schemas.close();
    }

    @Test
    void twoNodesNumberDenselyAndNoSmallerNumberAppearsAfterALargerOne() throws Exception {
        Store a = schemas.fresh(StoreOptions.defaults());
        Store b = schemas.again(StoreOptions.defaults());
        assertThat(b.epoch()).isEqualTo(a.epoch());
        Store[] nodes = {a, b};
        // Futures of one node complete in its commit order, on its completer thread.
        List<List<Long>> completedPerNode = List.of(Collections.synchronizedList(new ArrayList<>()),
                Collections.synchronizedList(new ArrayList<>()));

        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> readerProblems = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> poll(a, b, writing, readerProblems), "test-reader");
        reader.start();

        int threads = 8;
        int perThread = 150;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int node = t % 2;
            int thread = t;
            results.add(pool.submit(() -> {
                List<Long> mine = new ArrayList<>();
                List<CompletableFuture<List<Appended>>> pending = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    var items = i % 3 == 0
                            ? List.of(notification(Target.user("u" + thread), "n" + i),
                                      event(Target.everyone(), "e", System.currentTimeMillis(), 60_000))
                            : List.of(notification(Target.users(List.of("x", "u" + thread)), "n" + i));
                    pending.add(nodes[node].append(items).whenComplete((r, err) -> {
                        if (r != null) {
                            r.forEach(ap -> completedPerNode.get(node).add(ap.item().seq()));
                        }
                    }));
                    if (pending.size() == 10) { // a few in flight per thread, so batches form on both nodes
                        pending.forEach(f -> f.join().forEach(ap -> mine.add(ap.item().seq())));
                        pending.clear();
                    }
                }
                pending.forEach(f -> f.join().forEach(ap -> mine.add(ap.item().seq())));
                return mine;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : results) {
            List<Long> mine = f.get();
            assertThat(mine).as("one caller's seqs increase").isSorted().doesNotHaveDuplicates();
            all.addAll(mine);
        }
        pool.shutdown();
        writing.set(false);
        reader.join();

        long total = all.size();
        Collections.sort(all);
        assertThat(all).as("the union is dense 1..N").containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        for (List<Long> done : completedPerNode) {
            assertThat(done).as("each node acknowledges in increasing order").isSorted().doesNotHaveDuplicates();
        }
        assertThat(completedPerNode.get(0)).isNotEmpty();
        assertThat(completedPerNode.get(1)).isNotEmpty();
        assertThat(readerProblems).isEmpty();
        assertThat(b.range(0, total, (int) total + 1).join()).hasSize((int) total);
    }

    /**
     * Reads the head on one node and the range below it on the other: if a smaller number ever
     * became visible after a larger one, some range(last, head) would miss it and show a hole.
     */
    private static void poll(Store headNode, Store rangeNode, AtomicBoolean writing, List<String> problems) {
        long last = 0;
        int polls = 0;
        while (writing.get() || polls < 2) {
            long head = headNode.bounds().join().head();
            List<Item> items = rangeNode.range(last, head, 100_000).join();
            long expected = last + 1;
            for (Item item : items) {
                if (item.seq() != expected) {
                    problems.add("after " + last + " up to " + head + ": expected " + expected + ", saw " + item.seq());
                    return;
                }
                expected++;
            }
            if (expected != head + 1) {
                problems.add("after " + last + " up to " + head + ": only reached " + (expected - 1));
                return;
            }
            last = head;
            if (!writing.get()) {
                polls++;
            }
        }
    }
}
