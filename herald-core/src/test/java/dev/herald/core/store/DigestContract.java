package dev.herald.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.inbox.InboxCounts;
import dev.herald.core.inbox.InboxEntry;
import dev.herald.core.inbox.InboxQuery;
import dev.herald.core.inbox.SyncItems;
import dev.herald.core.item.Digest;
import dev.herald.core.item.Item;
import dev.herald.core.item.ItemKind;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.Target;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of appending notifications with a {@link Digest}: the first of a window is a new
 * notification, later ones within the window rewrite it in place (count, latest content, the title
 * template) and append {@code notification.updated}; it stays one notification in the inbox and the
 * counts; the window, leaving the inbox, idempotency and concurrent appends behave. Every store runs it.
 */
public abstract class DigestContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000;
    private final List<Store> opened = new ArrayList<>();

    /** A fresh, empty store with the given options. */
    protected abstract Store create(StoreOptions options);

    private Store store() {
        Store s = create(StoreOptions.defaults());
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(Store::close);
    }

    /** A notification as the server builds one with a digest (count 1 in its content). */
    static NewItem comment(String userId, String key, int n, long at, String category, String template) {
        String content = "{\"type\":\"comment\",\"category\":" + (category == null ? "null" : "\"" + category + "\"")
                + ",\"title\":\"comment " + n + "\",\"data\":{\"n\":" + n + ",\"big\":12345678901234567890.5,\"huge\":1e400,"
                + "\"z\":-0,\"s\":\"\\u00e9\\\"\"},"
                + "\"digest\":{\"key\":\"" + key + "\",\"windowSeconds\":60},\"count\":1,\"createdAt\":\"t" + n + "\"}";
        return new NewItem(ItemKind.NOTIFICATION, Target.user(userId), "notification", "comment", category,
                content.getBytes(StandardCharsets.UTF_8), at, at + 3_600_000, null, System.nanoTime(),
                new Digest(key, MINUTE, template));
    }

    private static NewItem comment(String userId, int n, long at) {
        return comment(userId, "comments:post-42", n, at, null, null);
    }

    private static Appended one(Store store, NewItem item) {
        return store.append(List.of(item)).join().get(0);
    }

    private static JsonNode json(Item item) {
        try {
            return JSON.readTree(item.dataJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<InboxEntry> inbox(Store store, String userId, long now) {
        return store.list(userId, new InboxQuery(100, Long.MAX_VALUE, false), now).join().items();
    }

    @Test
    void aBurstWithinTheWindowIsOneInboxItemWithItsCountAndOneNotificationThenUpdates() {
        Store store = store();
        long t = System.currentTimeMillis();
        List<Appended> appended = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            appended.add(one(store, comment("u", i, t + i)));
        }

        Appended first = appended.get(0);
        assertThat(first.digest()).isEqualTo(DigestStep.STARTED);
        assertThat(first.mergedIntoDigest()).isFalse();
        assertThat(first.live()).containsExactly(first.item());
        for (Appended a : appended.subList(1, 100)) {
            assertThat(a.mergedIntoDigest()).isTrue();
            assertThat(a.item().id()).isEqualTo(first.item().id());
            assertThat(a.live()).hasSize(1);
            assertThat(a.live().get(0).event()).isEqualTo(SyncItems.UPDATED);
        }
        Appended last = appended.get(99);
        assertThat(last.digest().count()).isEqualTo(100);
        JsonNode merged = json(last.item());
        assertThat(merged.get("count").asLong()).isEqualTo(100);
        assertThat(merged.get("title").asText()).isEqualTo("comment 100");
        assertThat(merged.get("data").get("n").asInt()).isEqualTo(100);
        assertThat(last.item().dataJson()).as("numbers keep their text")
                .contains("\"big\":12345678901234567890.5,\"huge\":1e400,\"z\":-0,");
        assertThat(merged.get("data").get("s").asText()).isEqualTo("\u00e9\"");
        assertThat(merged.get("createdAt").asText()).isEqualTo("t1");
        assertThat(merged.get("updatedAt").asText()).isEqualTo("t100");
        assertThat(json(last.live().get(0))).isEqualTo(merged);

        long now = t + 1000;
        List<InboxEntry> inbox = inbox(store, "u", now);
        assertThat(inbox).hasSize(1);
        assertThat(json(inbox.get(0).item())).isEqualTo(merged);
        InboxCounts counts = store.counts("u", now).join();
        assertThat(counts.all()).isEqualTo(new InboxCounts.Counts(1, 1, 1));

        List<Item> replay = store.replay("u", 0, Long.MAX_VALUE, 1000).join();
        assertThat(replay).hasSize(100);
        assertThat(replay.get(0).kind()).isEqualTo(ItemKind.NOTIFICATION);
        assertThat(replay.subList(1, 100)).allSatisfy(i -> assertThat(i.event()).isEqualTo(SyncItems.UPDATED));
        // Dense: the 99 updates took the numbers after the notification, nothing else.
        assertThat(store.bounds().join().head()).isEqualTo(first.item().seq() + 99);
    }

    @Test
    void theWindowIsFixedAtTheFirstNotificationAndTheNextOneAfterItStartsANewDigest() {
        Store store = store();
        long t = System.currentTimeMillis();
        Appended first = one(store, comment("u", 1, t));
        Appended inside = one(store, comment("u", 2, t + MINUTE - 1));
        Appended after = one(store, comment("u", 3, t + MINUTE));
        Appended again = one(store, comment("u", 4, t + MINUTE + 1));

        assertThat(inside.mergedIntoDigest()).isTrue();
        assertThat(inside.item().seq()).isEqualTo(first.item().seq());
        assertThat(after.digest()).isEqualTo(DigestStep.STARTED);
        assertThat(after.item().seq()).isNotEqualTo(first.item().seq());
        assertThat(again.item().seq()).isEqualTo(after.item().seq());
        assertThat(again.digest().count()).isEqualTo(2);
        assertThat(inbox(store, "u", t + MINUTE + 2)).hasSize(2);
        assertThat(store.counts("u", t + MINUTE + 2).join().all().total()).isEqualTo(2);
    }

    @Test
    void keysAndUsersHaveTheirOwnDigestsAndTheTitleTemplateTakesTheCount() {
        Store store = store();
        long t = System.currentTimeMillis();
        Appended a1 = one(store, comment("u", "comments:post-1", 1, t, null, "{count} new comments"));
        Appended b1 = one(store, comment("u", "comments:post-2", 1, t, null, "{count} new comments"));
        Appended v1 = one(store, comment("v", "comments:post-1", 1, t, null, "{count} new comments"));
        Appended a2 = one(store, comment("u", "comments:post-1", 2, t + 1, null, "{count} new comments ({count})"));

        assertThat(List.of(a1, b1, v1)).allSatisfy(a -> assertThat(a.digest()).isEqualTo(DigestStep.STARTED));
        // The first keeps its own title: a template speaks of several.
        assertThat(json(a1.item()).get("title").asText()).isEqualTo("comment 1");
        assertThat(a2.item().seq()).isEqualTo(a1.item().seq());
        assertThat(json(a2.item()).get("title").asText()).isEqualTo("2 new comments (2)");
        assertThat(inbox(store, "u", t + 2)).hasSize(2);
        assertThat(inbox(store, "v", t + 2)).hasSize(1);
        assertThat(a2.live()).allSatisfy(i -> assertThat(i.target()).isEqualTo(Target.user("u")));
    }

    @Test
    void aMergeMakesAReadDigestUnreadAndUnseenAgainWithExactCounts() {
        Store store = store();
        long t = System.currentTimeMillis();
        Appended first = one(store, comment("u", 1, t));
        one(store, TestItems.notification(Target.user("u"), "other", t, 3_600_000));
        store.markRead("u", first.item().seq(), t + 1).join();
        assertThat(store.counts("u", t + 1).join().all()).isEqualTo(new InboxCounts.Counts(1, 1, 2));

        Appended merged = one(store, comment("u", 2, t + 2));

        assertThat(merged.live()).extracting(Item::event).containsExactly(SyncItems.UPDATED, SyncItems.UNREAD);
        JsonNode unread = json(merged.live().get(1));
        assertThat(unread.get("notificationId").asText()).isEqualTo(first.item().id());
        assertThat(unread.get("unreadCount").asInt()).isEqualTo(2);
        assertThat(unread.get("unseenCount").asInt()).isEqualTo(2);
        assertThat(store.counts("u", t + 3).join().all()).isEqualTo(new InboxCounts.Counts(2, 2, 2));
        InboxEntry entry = inbox(store, "u", t + 3).stream()
                .filter(e -> e.item().seq() == first.item().seq()).findFirst().orElseThrow();
        assertThat(entry.read()).isFalse();
        assertThat(entry.seen()).isFalse();

        // "Read all" then a merge: unread again, over the read-through mark too.
        store.markAllRead("u", t + 4).join();
        Appended third = one(store, comment("u", 3, t + 5));
        assertThat(third.live()).hasSize(2);
        assertThat(store.counts("u", t + 6).join().all()).isEqualTo(new InboxCounts.Counts(1, 1, 2));
        // An unread digest stays so without another sync item.
        assertThat(one(store, comment("u", 4, t + 7)).live()).hasSize(1);
        assertThat(store.counts("u", t + 8).join().all()).isEqualTo(new InboxCounts.Counts(1, 1, 2));
    }

    @Test
    void theLatestCategoryDecidesTheTabAndTheCountsFollow() {
        Store store = store();
        long t = System.currentTimeMillis();
        one(store, comment("u", "k", 1, t, "social", null));
        Item other = one(store, TestItems.categorized(Target.user("u"), "other", "social")).item();
        // An inbox change builds the user's count snapshot, which then covers the digest.
        store.markRead("u", other.seq(), t).join();
        one(store, comment("u", "k", 2, t + 1, "billing", null));

        InboxCounts counts = store.counts("u", t + 2).join();
        assertThat(counts.all()).isEqualTo(new InboxCounts.Counts(1, 1, 2));
        assertThat(counts.categories().get("billing")).isEqualTo(new InboxCounts.Counts(1, 1, 1));
        assertThat(counts.categories().get("social")).isEqualTo(new InboxCounts.Counts(0, 0, 1));
        assertThat(inbox(store, "u", t + 2)).filteredOn(e -> e.item().type().equals("comment"))
                .singleElement().satisfies(e -> assertThat(e.item().category()).isEqualTo("billing"));
    }

    @Test
    void aDigestThatLeftTheInboxTakesNoMoreTheNextOneStartsAnother() {
        Store store = store();
        long t = System.currentTimeMillis();
        Appended deleted = one(store, comment("u", "deleted", 1, t, null, null));
        store.delete("u", deleted.item().seq(), t + 1).join();
        Appended afterDelete = one(store, comment("u", "deleted", 2, t + 2, null, null));
        assertThat(afterDelete.digest()).isEqualTo(DigestStep.STARTED);

        Appended archived = one(store, comment("u", "archived", 1, t, null, null));
        store.archive("u", archived.item().seq(), t + 1).join();
        assertThat(one(store, comment("u", "archived", 2, t + 2, null, null)).digest()).isEqualTo(DigestStep.STARTED);

        Appended retracted = one(store, comment("u", "retracted", 1, t, null, null));
        Appended update = one(store, comment("u", "retracted", 2, t + 1, null, null));
        store.retract(retracted.item().seq(), t + 2).join();
        assertThat(one(store, comment("u", "retracted", 3, t + 3, null, null)).digest()).isEqualTo(DigestStep.STARTED);
        // The retracted digest's update went with it: its text is not replayed.
        List<Item> replay = store.replay("u", 0, Long.MAX_VALUE, 1000).join();
        assertThat(update.live()).hasSize(1);
        long updateSeq = update.live().get(0).seq();
        assertThat(replay).filteredOn(i -> i.seq() == updateSeq)
                .allSatisfy(i -> assertThat(i.kind()).isEqualTo(ItemKind.RETRACTED));

        assertThat(store.counts("u", t + 4).join().all().total()).isEqualTo(3);
    }

    @Test
    void aRetriedPublishNamesTheDigestAndCountsOnce() {
        Store store = store();
        long t = System.currentTimeMillis();
        one(store, comment("u", 1, t));
        NewItem second = TestItems.withKey(comment("u", 2, t + 1), "p:n:retry", 1);
        Appended merged = one(store, second);
        Appended retry = one(store, TestItems.withKey(comment("u", 2, t + 2), "p:n:retry", 1));

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.live()).isEmpty();
        assertThat(merged.mergedIntoDigest()).isTrue();
        assertThat(retry.item().id()).isEqualTo(merged.item().id());
        assertThat(one(store, comment("u", 3, t + 3)).digest().count()).isEqualTo(3);
    }

    @Test
    void concurrentAppendsFromTwoThreadsCountEveryOne() throws Exception {
        Store store = store();
        long t = System.currentTimeMillis();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<List<Appended>>> all = new ArrayList<>();
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int thread = 0; thread < 2; thread++) {
                int base = thread * 50;
                done.add(CompletableFuture.runAsync(() -> {
                    for (int i = 1; i <= 50; i++) {
                        CompletableFuture<List<Appended>> f = store.append(List.of(comment("u", base + i, t + base + i)));
                        synchronized (all) {
                            all.add(f);
                        }
                    }
                }, threads));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
            List<Appended> appended = new ArrayList<>();
            for (CompletableFuture<List<Appended>> f : all) {
                appended.addAll(f.join());
            }
            assertThat(appended).filteredOn(a -> !a.mergedIntoDigest()).hasSize(1);
            assertThat(appended).extracting(a -> a.digest().count()).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList());
            long now = t + 1000;
            assertThat(json(inbox(store, "u", now).get(0).item()).get("count").asLong()).isEqualTo(100);
            assertThat(store.counts("u", now).join().all().total()).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void retentionForgetsClosedWindowsOnly() {
        Store store = store();
        long t = System.currentTimeMillis();
        Appended first = one(store, comment("u", 1, t));
        store.prune(t + MINUTE - 1).join();
        assertThat(one(store, comment("u", 2, t + MINUTE - 1)).item().seq()).isEqualTo(first.item().seq());
        store.prune(t + MINUTE).join();
        assertThat(one(store, comment("u", 3, t + MINUTE)).digest()).isEqualTo(DigestStep.STARTED);
    }
}
