package dev.herald.store.postgres;

import dev.herald.core.inbox.InboxChange;
import dev.herald.core.inbox.InboxCounts;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.Target;
import dev.herald.core.store.StoreOptions;
import dev.herald.core.store.TestItems;
import dev.herald.store.jdbc.CountsChecks;
import dev.herald.store.jdbc.JdbcStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one database change the same user's inbox at once (and read its counts, which has
 * them build and advance the snapshot): the counts stay exact on both.
 */
@RequiresPostgres
class PostgresCountsNodesTest {
    private final Schemas schemas = new Schemas();

    @AfterEach
    void dropSchemas() {
        schemas.close();
    }

    @Test
    void countsStayExactWhileTwoNodesChangeOneUsersInbox() throws Exception {
        JdbcStore a = (JdbcStore) schemas.fresh(StoreOptions.defaults());
        JdbcStore b = (JdbcStore) schemas.again(StoreOptions.defaults());
        List<NewItem> items = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            Target target = i % 3 == 0 ? Target.everyone() : i % 3 == 1 ? Target.user("u") : Target.users(List.of("v", "u"));
            items.add(TestItems.categorized(target, "n" + i, i % 4 == 0 ? null : "c" + i % 3));
        }
        List<Long> seqs = new ArrayList<>(a.append(items).join().stream().map(x -> x.item().seq()).toList());

        long seed = new Random().nextLong();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            JdbcStore node = w % 2 == 0 ? a : b;
            Random random = new Random(seed + w);
            workers.add(pool.submit(() -> {
                List<CompletableFuture<InboxChange>> pending = new ArrayList<>();
                for (int i = 0; i < 150; i++) {
                    long seq = seqs.get(random.nextInt(seqs.size()));
                    long now = System.currentTimeMillis();
                    int dice = random.nextInt(100);
                    pending.add(dice < 2 ? node.markAllRead("u", now)
                            : dice < 12 ? node.delete("u", seq, now)
                            : switch (dice % 5) {
                                case 0 -> node.markSeen("u", seq, now);
                                case 1 -> node.markRead("u", seq, now);
                                case 2 -> node.markUnread("u", seq, now);
                                case 3 -> node.archive("u", seq, now);
                                default -> node.unarchive("u", seq, now);
                            });
                    if (dice >= 95) {
                        node.append(List.of(TestItems.categorized(Target.user("u"), "late", "c1"))).join();
                    }
                    if (dice % 7 == 0) {
                        assertCountsWellFormed(node.counts("u", now).join());
                    }
                    if (pending.size() == 5) {
                        pending.forEach(f -> assertCountsWellFormed(f.join()));
                        pending.clear();
                    }
                }
                pending.forEach(f -> assertCountsWellFormed(f.join()));
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();

        long now = System.currentTimeMillis();
        InboxCounts recount = recount(a, now);
        assertThat(a.counts("u", now).join()).as("node a, seed " + seed).isEqualTo(recount);
        assertThat(b.counts("u", now).join()).as("node b, seed " + seed).isEqualTo(recount);
        assertThat(CountsChecks.countsSeq(a, "u")).as("a snapshot was in use").isPositive();
        // And one more change on each node reports counts that match a recount.
        InboxChange last = b.markAllRead("u", now).join();
        assertThat(last.counts()).isEqualTo(recount(a, now));
        assertThat(a.counts("v", now).join()).isEqualTo(recountOf(a, "v", now));
    }

    private static void assertCountsWellFormed(InboxChange change) {
        if (change.found()) {
            assertCountsWellFormed(change.counts());
        }
    }

    private static void assertCountsWellFormed(InboxCounts counts) {
        assertThat(counts.all().unseen()).isBetween(0, counts.all().unread());
        assertThat(counts.all().unread()).isBetween(0, counts.all().total());
    }

    private static InboxCounts recount(JdbcStore store, long now) {
        return recountOf(store, "u", now);
    }

    private static InboxCounts recountOf(JdbcStore store, String user, long now) {
        return dev.herald.store.jdbc.CountsChecks.recount(store, user, now);
    }
}
