package dev.herald.core.store;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.item.Item;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.Target;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.herald.core.store.TestItems.categorized;
import static dev.herald.core.store.TestItems.event;
import static dev.herald.core.store.TestItems.notification;
import static dev.herald.core.store.TestItems.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link Store} contract. Every implementation runs this same suite by extending it and
 * saying how to make a fresh, empty store.
 */
public abstract class StoreContract {
    private final List<Store> opened = new ArrayList<>();

    /** A fresh, empty store with the given options. */
    protected abstract Store create(StoreOptions options);

    protected Store store() {
        return open(StoreOptions.defaults());
    }

    protected Store open(StoreOptions options) {
        Store s = create(options);
        opened.add(s);
        return s;
    }

    /**
     * Durable stores: opens the database the latest {@link #create} made once more (after it was
     * closed), as a restarted process would. Stores that keep nothing return null.
     */
    protected Store reopen(StoreOptions options) {
        return null;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(Store::close);
    }

    private static List<Item> items(List<Appended> appended) {
        return appended.stream().map(Appended::item).toList();
    }

    @Test
    void appendNumbersDenselyFromOneAndKeepsOrder() {
        Store store = store();
        assertThat(store.bounds().join()).isEqualTo(new LogBounds(0, 0));
        List<Item> first = items(store.append(List.of(notification(Target.user("a"), "1"),
                notification(Target.user("b"), "2"))).join());
        List<Item> second = items(store.append(List.of(notification(Target.everyone(), "3"))).join());
        assertThat(first).extracting(Item::seq).containsExactly(1L, 2L);
        assertThat(second).extracting(Item::seq).containsExactly(3L);
        assertThat(first.get(0).id()).isEqualTo(store.epoch() + "-1");
        assertThat(store.bounds().join().head()).isEqualTo(3);
    }

    @Test
    void concurrentAppendsStayDenseWithoutDuplicates() throws Exception {
        Store store = store();
        int threads = 8;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                List<CompletableFuture<List<Appended>>> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    mine.add(store.append(List.of(notification(Target.user("u" + thread), "n" + i),
                            event(Target.user("u" + thread), "e", System.currentTimeMillis(), 60_000))));
                }
                List<Long> seqs = new ArrayList<>();
                for (CompletableFuture<List<Appended>> f : mine) {
                    List<Item> pair = items(f.join());
                    assertThat(pair.get(1).seq()).isEqualTo(pair.get(0).seq() + 1);
                    pair.forEach(i -> seqs.add(i.seq()));
                }
                return seqs;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            List<Long> seqs = f.get();
            assertThat(seqs).isSorted();
            all.addAll(seqs);
        }
        pool.shutdown();
        Collections.sort(all);
        int total = threads * perThread * 2;
        assertThat(all).hasSize(total).doesNotHaveDuplicates();
        assertThat(all.get(0)).isEqualTo(1L);
        assertThat(all.get(total - 1)).isEqualTo((long) total);
        assertThat(store.range(0, total, total + 10).join()).extracting(Item::seq).containsExactlyElementsOf(all);
    }

    @Test
    void replayReturnsOnlyTheUsersItemsAscendingWithinBounds() {
        Store store = store();
        store.append(List.of(
                notification(Target.user("alice"), "a1"),                   // 1
                notification(Target.user("bob"), "b1"),                     // 2
                notification(Target.everyone(), "all"),                     // 3
                notification(Target.users(List.of("bob", "alice")), "ab"), // 4
                notification(Target.users(List.of("bob", "carol")), "bc"), // 5
                event(Target.user("alice"), "ping", System.currentTimeMillis(), 60_000))).join(); // 6
        assertThat(store.replay("alice", 0, 6, 100).join()).extracting(Item::seq).containsExactly(1L, 3L, 4L, 6L);
        assertThat(store.replay("alice", 1, 4, 100).join()).extracting(Item::seq).containsExactly(3L, 4L);
        assertThat(store.replay("alice", 0, 6, 2).join()).extracting(Item::seq).containsExactly(1L, 3L);
        assertThat(store.replay("carol", 0, 6, 100).join()).extracting(Item::seq).containsExactly(3L, 5L);
        assertThat(store.replay("nobody", 0, 6, 100).join()).extracting(Item::seq).containsExactly(3L);
        assertThat(store.replay("alice", 6, 6, 100).join()).isEmpty();
    }

    /**
     * A replay page is bounded in bytes: it ends with the item whose content reaches the budget, so
     * it holds at least one item however large (replay always moves on) and less than the budget
     * plus one item; the item count still bounds it too.
     */
    @Test
    void anEventsCollapseKeyAndRateComeBackWithItInReplayAndRange() {
        Store store = store();
        store.append(List.of(
                TestItems.collapsible(Target.user("alice"), "progress", "upload:abc", 2.5, 1),
                TestItems.collapsible(Target.user("alice"), "progress", "upload:abc", 0, 2),
                TestItems.event(Target.user("alice"), "plain", System.currentTimeMillis(), 60_000),
                TestItems.categorized(Target.user("alice"), "a notification keeps its category", "social"))).join();

        List<Item> items = store.replay("alice", 0, 4, 100).join();
        assertThat(items).extracting(Item::collapseKey).containsExactly("upload:abc", "upload:abc", null, null);
        assertThat(items).extracting(Item::maxRatePerSecond).containsExactly(2.5, 0.0, 0.0, 0.0);
        // An event's columns hold its collapse key, never a type or a category of its own.
        assertThat(items.get(0).type()).isNull();
        assertThat(items.get(0).category()).isNull();
        assertThat(items.get(3).category()).isEqualTo("social");
        assertThat(items.get(3).collapseKey()).isNull();
    }

    @Test
    void aReplayPageEndsWithTheItemThatReachesItsByteBudget() {
        Store store = store();
        List<Integer> sizes = List.of(1000, 3000, 500, 20_000, 100, 100, 100);
        List<NewItem> items = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            items.add(sized(Target.user("u"), sizes.get(i)));
            items.add(sized(Target.user("other"), 50_000));
        }
        List<Long> seqs = items(store.append(items).join()).stream().filter(i -> i.target().includes("u"))
                .map(Item::seq).toList();
        long head = store.bounds().join().head();
        // Budget 4000: 1000 + 3000 reaches it exactly, so the page ends there.
        assertThat(contentSizes(store.replay("u", 0, head, 100, 4000).join())).containsExactly(1000, 3000);
        // Budget 4001: the third item (500) is still taken; it reaches the budget.
        assertThat(contentSizes(store.replay("u", 0, head, 100, 4001).join())).containsExactly(1000, 3000, 500);
        // An item larger than the whole budget still makes a page of its own.
        assertThat(store.replay("u", seqs.get(2), head, 100, 10).join()).extracting(Item::seq)
                .containsExactly(seqs.get(3));
        // The item count bounds a page as before; a page short in both is the end of the range.
        assertThat(store.replay("u", seqs.get(3), head, 2, 1_000_000).join()).extracting(Item::seq)
                .containsExactly(seqs.get(4), seqs.get(5));
        assertThat(store.replay("u", seqs.get(3), head, 100, 1_000_000).join()).extracting(Item::seq)
                .containsExactly(seqs.get(4), seqs.get(5), seqs.get(6));
        // Broadcasts and list items count the same way.
        store.append(List.of(sized(Target.everyone(), 2000), sized(Target.users(List.of("x", "u")), 2000),
                sized(Target.user("u"), 2000))).join();
        long end = store.bounds().join().head();
        assertThat(contentSizes(store.replay("u", head, end, 100, 3000).join())).containsExactly(2000, 2000);
    }

    /** A notification whose stored content is exactly {@code bytes} long. */
    private static NewItem sized(Target target, int bytes) {
        NewItem n = notification(target, "");
        String content = "{\"type\":\"t\",\"title\":\"\"}";
        String padded = content.substring(0, content.length() - 2) + "x".repeat(bytes - content.length()) + "\"}";
        return new NewItem(n.kind(), n.target(), n.event(), n.type(), padded.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                n.createdAtMillis(), n.expiresAtMillis(), null, n.acceptedNanos());
    }

    private static List<Integer> contentSizes(List<Item> page) {
        return page.stream().map(i -> i.content().length).toList();
    }

    @Test
    void itemsReadBackAreIdenticalOnTheWire() {
        Store store = store();
        NewItem n = notification(Target.users(List.of("x", "y")), "same bytes");
        Item written = store.append(List.of(n)).join().get(0).item();
        Item read = store.replay("y", 0, 1, 10).join().get(0);
        assertThat(read.id()).isEqualTo(written.id());
        assertThat(read.frame().bytes()).isEqualTo(written.frame().bytes());
        assertThat(read.target().includes("y")).isTrue();
        // range() feeds fan-out after a gap, so it must return the full target.
        Item ranged = store.range(0, 1, 10).join().get(0);
        assertThat(ranged.target()).isEqualTo(written.target());
        assertThat(ranged.frame().bytes()).isEqualTo(written.frame().bytes());
        assertThat(read.kind()).isEqualTo(written.kind());
        assertThat(read.type()).isEqualTo("t");
        assertThat(read.createdAtMillis()).isEqualTo(n.createdAtMillis());
        assertThat(read.expiresAtMillis()).isEqualTo(n.expiresAtMillis());
    }

    @Test
    void rangeReturnsEveryAddresseeWithinBounds() {
        Store store = store();
        for (int i = 0; i < 10; i++) {
            store.append(List.of(notification(Target.user("u" + i), "n" + i))).join();
        }
        assertThat(store.range(3, 7, 100).join()).extracting(Item::seq).containsExactly(4L, 5L, 6L, 7L);
        assertThat(store.range(3, 7, 2).join()).extracting(Item::seq).containsExactly(4L, 5L);
    }

    /**
     * "Everything after N up to M" with N at or past M (a position past the head, a caller's stale
     * bound) is a question with an empty answer, not an error (the model threw, found by the
     * property run StoreModelContract).
     */
    @Test
    void aRangeEndingAtOrBeforeItsStartIsEmpty() {
        Store store = store();
        store.append(List.of(notification(Target.user("u"), "1"), notification(Target.user("u"), "2"))).join();
        assertThat(store.range(2, 2, 10).join()).isEmpty();
        assertThat(store.range(2, 1, 10).join()).isEmpty();
        assertThat(store.range(7, 2, 10).join()).isEmpty();
        assertThat(store.replay("u", 2, 1, 10).join()).isEmpty();
        assertThat(store.replay("u", 7, 2, 10, 1_000).join()).isEmpty();
        assertThat(store.range(0, 2, 10).join()).extracting(Item::seq).containsExactly(1L, 2L);
    }

    @Test
    void pruneRemovesExpiredItemsAndRaisesTheHorizon() {
        Store store = store();
        long now = 1_000_000_000_000L;
        store.append(List.of(
                notification(Target.user("u"), "long", now, 30_000),    // 1, expires now+30s
                event(Target.user("u"), "short", now, 5_000),           // 2, expires now+5s
                notification(Target.user("u"), "long2", now, 30_000))).join(); // 3
        assertThat(store.prune(now + 4_999).join()).isZero();
        assertThat(store.bounds().join()).isEqualTo(new LogBounds(0, 3));
        assertThat(store.prune(now + 5_000).join()).isEqualTo(1);
        assertThat(store.bounds().join()).isEqualTo(new LogBounds(2, 3));
        assertThat(store.replay("u", 0, 3, 10).join()).extracting(Item::seq).containsExactly(1L, 3L);
        // Numbering continues after pruning; nothing is ever reused.
        assertThat(store.append(List.of(notification(Target.user("u"), "4"))).join().get(0).item().seq()).isEqualTo(4);
        assertThat(store.prune(now + 60_000).join()).isEqualTo(2);
        assertThat(store.bounds().join().horizon()).isEqualTo(3);
    }

    /**
     * Prunes in flight together (two nodes' retention runs, or a slow one overlapping the next) may
     * share the removals in any way (a store removes in slices), but once both have completed,
     * everything expired is gone and each item was counted once (found by StoreModelContract: a
     * durable store's second prune took what its first had not reached yet, 1000 + 112).
     */
    @Test
    void prunesInFlightTogetherRemoveEverythingExpiredOnce() {
        Store store = store();
        long now = 1_000_000_000_000L;
        List<NewItem> expiring = new ArrayList<>();
        for (int i = 0; i < 1_112; i++) {
            expiring.add(notification(Target.user("u"), "old" + i, now, 5_000));
        }
        store.append(expiring).join();
        store.append(List.of(notification(Target.user("u"), "kept", now, 60_000))).join();
        CompletableFuture<Integer> first = store.prune(now + 5_000);
        CompletableFuture<Integer> second = store.prune(now + 5_000);
        assertThat(first.join() + second.join()).isEqualTo(1_112);
        assertThat(store.bounds().join()).isEqualTo(new LogBounds(1_112, 1_113));
        assertThat(store.replay("u", 0, 1_113, 10).join()).extracting(Item::seq).containsExactly(1_113L);
        assertThat(store.prune(now + 5_000).join()).isZero();
    }

    @Test
    void idempotentAppendReturnsTheFirstItemAndWritesNothing() {
        Store store = store();
        NewItem first = withKey(notification(Target.user("u"), "once"), "pub1:k1", 1);
        Appended a = store.append(List.of(first)).join().get(0);
        assertThat(a.duplicate()).isFalse();
        Appended again = store.append(List.of(withKey(notification(Target.user("u"), "twice"), "pub1:k1", 7))).join().get(0);
        assertThat(again.duplicate()).isTrue();
        assertThat(again.item().id()).isEqualTo(a.item().id());
        assertThat(again.recipients()).isEqualTo(1);
        assertThat(store.bounds().join().head()).isEqualTo(1);
        // Keys are scoped: another publisher's identical key is a different item.
        Appended other = store.append(List.of(withKey(notification(Target.user("u"), "other"), "pub2:k1", 1))).join().get(0);
        assertThat(other.duplicate()).isFalse();
        assertThat(other.item().seq()).isEqualTo(2);
    }

    @Test
    void idempotencyKeysExpireAfterTheirWindow() {
        Store store = open(StoreOptions.defaults().withIdempotencyWindow(Duration.ofSeconds(10)));
        long t0 = 1_000_000_000_000L;
        store.append(List.of(withKey(notification(Target.user("u"), "a", t0, 60_000), "p:k", 1))).join();
        Appended within = store.append(List.of(withKey(notification(Target.user("u"), "b", t0 + 9_000, 60_000), "p:k", 1)))
                .join().get(0);
        assertThat(within.duplicate()).isTrue();
        Appended after = store.append(List.of(withKey(notification(Target.user("u"), "c", t0 + 10_001, 60_000), "p:k", 1)))
                .join().get(0);
        assertThat(after.duplicate()).isFalse();
        assertThat(after.item().seq()).isEqualTo(2);
    }

    @Test
    void closeIsIdempotentAndLaterCallsFailAsUnavailable() {
        Store store = store();
        store.close();
        store.close();
        assertThatThrownBy(() -> store.append(List.of(notification(Target.user("u"), "late"))).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(HeraldException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
        assertThatThrownBy(() -> store.bounds().join()).isInstanceOf(CompletionException.class);
    }

    @Test
    void theCategoryAndTheNewFieldsRoundTripThroughEveryRead() {
        Store store = store();
        NewItem sent = categorized(Target.users(List.of("u", "v")), "fields", "social");
        Item appended = store.append(List.of(sent, notification(Target.user("u"), "plain"))).join().get(0).item();
        assertThat(appended.category()).isEqualTo("social");
        long head = store.bounds().join().head();
        List<Item> replay = store.replay("u", 0, head, 10).join();
        assertThat(replay).extracting(Item::category).containsExactly("social", null);
        assertThat(replay.get(0).content()).isEqualTo(sent.content());
        assertThat(replay.get(0).frame().bytes()).isEqualTo(appended.frame().bytes());
        assertThat(store.range(0, head, 10).join()).extracting(Item::category).containsExactly("social", null);
        assertThat(store.list("v", new dev.herald.core.inbox.InboxQuery(10, 0, false), System.currentTimeMillis())
                .join().items()).singleElement().satisfies(e -> {
                    assertThat(e.item().category()).isEqualTo("social");
                    assertThat(e.item().content()).isEqualTo(sent.content());
                });
    }

    @Test
    void aDurableStoreKeepsEverythingAcrossARestart() {
        Store store = store();
        long now = System.currentTimeMillis();
        Appended keyed = store.append(List.of(withKey(notification(Target.user("u"), "kept"), "p:k", 3))).join().get(0);
        store.append(List.of(notification(Target.everyone(), "all"),
                event(Target.user("u"), "old", now - 10_000, 1_000),
                notification(Target.users(List.of("u", "v")), "listed"))).join();
        store.prune(now).join();
        store.markRead("u", keyed.item().seq(), now).join();
        store.setMutedTypes("u", List.of("streak"), now).join();
        store.setMuted("u", null, List.of("social"), now).join();
        store.append(List.of(categorized(Target.user("u"), "categorized", "social"))).join();
        LogBounds bounds = store.bounds().join();
        List<Item> replay = store.replay("u", 0, bounds.head(), 100).join();
        String epoch = store.epoch();
        store.close();

        Store again = reopen(StoreOptions.defaults());
        org.junit.jupiter.api.Assumptions.assumeTrue(again != null, "this store keeps nothing across restarts");
        opened.add(again);
        assertThat(again.epoch()).isEqualTo(epoch);
        assertThat(again.bounds().join()).isEqualTo(bounds);
        List<Item> replayAgain = again.replay("u", 0, bounds.head(), 100).join();
        assertThat(replayAgain).extracting(Item::id).containsExactlyElementsOf(replay.stream().map(Item::id).toList());
        assertThat(replayAgain).extracting(Item::category).contains("social")
                .containsExactlyElementsOf(replay.stream().map(Item::category).toList());
        for (int i = 0; i < replay.size(); i++) {
            assertThat(replayAgain.get(i).frame().bytes()).isEqualTo(replay.get(i).frame().bytes());
        }
        Appended retried = again.append(List.of(withKey(notification(Target.user("u"), "retry"), "p:k", 9))).join().get(0);
        assertThat(retried.duplicate()).isTrue();
        assertThat(retried.item().id()).isEqualTo(keyed.item().id());
        assertThat(retried.recipients()).isEqualTo(3);
        assertThat(again.unreadCount("u", now).join()).isEqualTo(3);
        assertThat(again.mutedTypes("u").join()).containsExactly("streak");
        assertThat(again.muted("u").join().categories()).containsExactly("social");
        assertThat(again.append(List.of(notification(Target.user("u"), "next"))).join().get(0).item().seq())
                .isEqualTo(bounds.head() + 1);
    }

    @Test
    void epochIsAValidIdPrefixAndDiffersBetweenStores() {
        Store a = store();
        Store b = store();
        assertThat(dev.herald.core.item.EventId.isValidEpoch(a.epoch())).isTrue();
        assertThat(a.epoch()).isNotEqualTo(b.epoch());
    }
}
