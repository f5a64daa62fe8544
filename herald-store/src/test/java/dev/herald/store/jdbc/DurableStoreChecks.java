package dev.herald.store.jdbc;

import dev.herald.core.item.Item;
import dev.herald.core.item.ItemKind;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.Target;
import dev.herald.core.store.Appended;
import dev.herald.core.store.Store;
import dev.herald.core.store.StoreOptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;

import static dev.herald.core.store.TestItems.event;
import static dev.herald.core.store.TestItems.notification;
import static dev.herald.core.store.TestItems.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the durable stores promise beyond the shared contract suites: group commit settling each
 * op on its own, idempotency inside one batch, retention in slices, close committing what was
 * queued. Each store runs it by saying how to open a fresh database and reopen it.
 */
public abstract class DurableStoreChecks {

    /** A store on a fresh, empty database (closed by the subclass after the test). */
    protected abstract Store open(StoreOptions options);

    /** The database the latest {@link #open} made, opened again after that store was closed. */
    protected abstract Store reopen(StoreOptions options);

    /** Rows in one table of the latest database, to check what retention left behind. */
    protected abstract long rows(String table);

    @Test
    void theSameKeyTwiceInOneCallIsOneItem() {
        Store store = open(StoreOptions.defaults());
        List<Appended> out = store.append(List.of(withKey(notification(Target.user("u"), "a"), "p:k", 2),
                withKey(notification(Target.user("u"), "b"), "p:k", 5))).join();
        assertThat(out.get(0).duplicate()).isFalse();
        assertThat(out.get(1).duplicate()).isTrue();
        assertThat(out.get(1).item().id()).isEqualTo(out.get(0).item().id());
        assertThat(out.get(1).recipients()).isEqualTo(2);
        assertThat(store.bounds().join().head()).isEqualTo(1);
    }

    @Test
    void theSameKeyFromManyConcurrentCallersIsWrittenOnce() {
        Store store = open(StoreOptions.defaults());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Appended>> all = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            int n = i;
            all.add(CompletableFuture.supplyAsync(() -> store.append(
                    List.of(withKey(notification(Target.user("u"), "try " + n), "p:retry", 1))), pool)
                    .thenCompose(f -> f).thenApply(l -> l.get(0)));
        }
        List<Appended> results = all.stream().map(CompletableFuture::join).toList();
        pool.shutdown();
        assertThat(results).filteredOn(a -> !a.duplicate()).hasSize(1);
        assertThat(results).extracting(a -> a.item().id()).containsOnly(store.epoch() + "-1");
        assertThat(store.bounds().join().head()).isEqualTo(1);
    }

    @Test
    void anOpThatFailsFailsAloneAndTakesNoNumber() {
        Store store = open(StoreOptions.defaults());
        List<CompletableFuture<List<Appended>>> futures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // A CR in an event name is refused when the frame is encoded, inside the writer's
            // transaction: the batch it landed in is rolled back and retried without it.
            String name = i == 150 ? "bad\rname" : "ok";
            futures.add(store.append(List.of(event(Target.user("u"), name, System.currentTimeMillis(), 60_000))));
        }
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            if (i == 150) {
                int index = i;
                assertThatThrownBy(() -> futures.get(index).join()).isInstanceOf(CompletionException.class)
                        .hasCauseInstanceOf(IllegalArgumentException.class);
            } else {
                seqs.add(futures.get(i).join().get(0).item().seq());
            }
        }
        assertThat(seqs).isSorted().containsExactlyElementsOf(LongStream.rangeClosed(1, 299).boxed().toList());
        assertThat(store.range(0, 1000, 1000).join()).hasSize(299);
    }

    @Test
    void closeCommitsWhatWasQueuedAndAReopenSeesIt() {
        Store store = open(StoreOptions.defaults());
        List<CompletableFuture<List<Appended>>> futures = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            futures.add(store.append(List.of(notification(Target.user("u" + i % 10), "n" + i))));
        }
        store.close();
        futures.forEach(CompletableFuture::join);
        Store again = reopen(StoreOptions.defaults());
        try {
            assertThat(again.bounds().join().head()).isEqualTo(2000);
            assertThat(again.range(0, 2000, 5000).join()).extracting(Item::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 2000).boxed().toList());
        } finally {
            again.close();
        }
    }

    @Test
    void aBigPruneRunsInSlicesAndRemovesEverythingThatExpired() {
        Store store = open(StoreOptions.defaults());
        long now = System.currentTimeMillis();
        int expired = PruneStep.SLICE * 2 + 500;
        List<NewItem> batch = new ArrayList<>();
        List<Long> kept = new ArrayList<>();
        for (int i = 0; i < expired; i++) {
            batch.add(notification(Target.users(List.of("u", "v")), "old " + i, now - 60_000, 1_000));
            if (i % 500 == 0) {
                batch.add(notification(Target.user("u"), "kept " + i, now, 3_600_000));
            }
        }
        List<Appended> appended = new ArrayList<>();
        for (int from = 0; from < batch.size(); from += 1000) {
            appended.addAll(store.append(batch.subList(from, Math.min(batch.size(), from + 1000))).join());
        }
        appended.stream().map(Appended::item).filter(i -> i.expiresAtMillis() > now).forEach(i -> kept.add(i.seq()));
        long lastExpired = appended.stream().map(Appended::item).filter(i -> i.expiresAtMillis() <= now)
                .mapToLong(Item::seq).max().orElseThrow();
        store.append(List.of(withKey(event(Target.user("u"), "keyed", now - 20_000, 1_000), "p:old", 1))).join();
        assertThat(store.markRead("u", kept.get(0), now).join().found()).isTrue();

        assertThat(store.prune(now).join()).isEqualTo(expired + 1);
        assertThat(store.bounds().join().horizon()).isGreaterThanOrEqualTo(lastExpired);
        assertThat(store.replay("u", 0, Long.MAX_VALUE, 10_000).join()).filteredOn(i -> i.kind() == ItemKind.NOTIFICATION)
                .extracting(Item::seq).containsExactlyElementsOf(kept);
        assertThat(rows("recipients")).isZero();
        assertThat(rows("items")).isEqualTo(kept.size() + 1); // + the sync item of u's read
        // Keys are kept for the idempotency window (24 h), not for the item's life.
        assertThat(rows("idempotency_keys")).isEqualTo(1);
        assertThat(store.prune(now + 86_400_000L).join()).isEqualTo(kept.size() + 1);
        assertThat(rows("idempotency_keys")).isZero();
        assertThat(rows("items")).isZero();
    }

    @Test
    void aListNotificationIsNotFoundForUsersNotOnTheList() {
        Store store = open(StoreOptions.defaults());
        long seq = store.append(List.of(notification(Target.users(List.of("a", "b")), "ab"))).join().get(0).item().seq();
        assertThat(store.markRead("carol", seq, System.currentTimeMillis()).join().found()).isFalse();
        assertThat(store.delete("carol", seq, System.currentTimeMillis()).join().found()).isFalse();
        assertThat(store.markRead("b", seq, System.currentTimeMillis()).join().found()).isTrue();
        assertThat(store.unreadCount("a", System.currentTimeMillis()).join()).isEqualTo(1);
        assertThat(store.unreadCount("b", System.currentTimeMillis()).join()).isZero();
    }

    @Test
    void aRetryAfterTheOriginalWasPrunedStillNamesTheOriginalId() {
        Store store = open(StoreOptions.defaults());
        long now = System.currentTimeMillis();
        Appended first = store.append(List.of(withKey(event(Target.user("u"), "short", now - 10_000, 5_000), "p:e", 1)))
                .join().get(0);
        store.prune(now).join();
        Appended retry = store.append(List.of(withKey(event(Target.user("u"), "short", now, 5_000), "p:e", 1)))
                .join().get(0);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.item().id()).isEqualTo(first.item().id());
        assertThat(retry.item().kind()).isEqualTo(ItemKind.EVENT);
        assertThat(new String(retry.item().content(), StandardCharsets.UTF_8)).contains("short");
    }
}
