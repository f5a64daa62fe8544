package dev.herald.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.inbox.InboxChange;
import dev.herald.core.inbox.InboxCounts;
import dev.herald.core.inbox.InboxEntry;
import dev.herald.core.inbox.InboxPage;
import dev.herald.core.inbox.InboxQuery;
import dev.herald.core.inbox.Muted;
import dev.herald.core.inbox.SyncItems;
import dev.herald.core.item.Item;
import dev.herald.core.item.ItemKind;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.Target;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.herald.core.store.TestItems.event;
import static dev.herald.core.store.TestItems.notification;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link dev.herald.core.inbox.Inbox} contract. Every store runs this same suite by extending
 * it and saying how to make a fresh, empty store.
 */
public abstract class InboxContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOUR = 3_600_000;
    private final List<Store> opened = new ArrayList<>();

    protected abstract Store create(StoreOptions options);

    protected Store store() {
        Store s = create(StoreOptions.defaults());
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(Store::close);
    }

    static long now() {
        return System.currentTimeMillis();
    }

    static long seqOf(Store store, NewItem item) {
        return store.append(List.of(item)).join().get(0).item().seq();
    }

    static List<Long> seqs(InboxPage page) {
        return page.items().stream().map(e -> e.item().seq()).toList();
    }

    static InboxPage all(Store store, String user) {
        return store.list(user, new InboxQuery(100, 0, false), now()).join();
    }

    static JsonNode data(Item sync) throws Exception {
        return JSON.readTree(sync.content());
    }

    @Test
    void inboxHoldsTheUsersNotificationsNewestFirstAndNothingElse() {
        Store store = store();
        long direct = seqOf(store, notification(Target.user("alice"), "direct"));
        seqOf(store, notification(Target.user("bob"), "bobs"));
        long all = seqOf(store, notification(Target.everyone(), "everyone"));
        long listed = seqOf(store, notification(Target.users(List.of("carol", "alice")), "listed"));
        seqOf(store, event(Target.user("alice"), "ping", now(), HOUR));
        seqOf(store, notification(Target.users(List.of("bob", "carol")), "not alice"));
        InboxPage page = all(store, "alice");
        assertThat(seqs(page)).containsExactly(listed, all, direct);
        assertThat(page.unreadCount()).isEqualTo(3);
        assertThat(page.nextBefore()).isZero();
        assertThat(page.items()).allSatisfy(e -> assertThat(e.read()).isFalse());
        assertThat(store.unreadCount("alice", now()).join()).isEqualTo(3);
        assertThat(store.unreadCount("nobody", now()).join()).isEqualTo(1);
    }

    @Test
    void markReadKeepsTheFirstReadTimeAndAppendsASyncItemWithTheNewCount() throws Exception {
        Store store = store();
        long a = seqOf(store, notification(Target.user("u"), "a"));
        seqOf(store, notification(Target.user("u"), "b"));
        long t1 = now();
        InboxChange first = store.markRead("u", a, t1).join();
        assertThat(first.found()).isTrue();
        assertThat(first.unreadCount()).isEqualTo(1);
        Item sync = first.sync();
        assertThat(sync.kind()).isEqualTo(ItemKind.SYNC);
        assertThat(sync.event()).isEqualTo(SyncItems.READ);
        assertThat(sync.target()).isEqualTo(Target.user("u"));
        assertThat(sync.seq()).isEqualTo(3);
        assertThat(data(sync).get("notificationId").asText()).isEqualTo(store.epoch() + "-" + a);
        assertThat(data(sync).get("all").asBoolean()).isFalse();
        assertThat(data(sync).get("unreadCount").asInt()).isEqualTo(1);
        assertThat(store.replay("u", 2, 3, 10).join()).extracting(Item::id).containsExactly(sync.id());

        InboxChange again = store.markRead("u", a, t1 + 5000).join();
        assertThat(again.found()).isTrue();
        assertThat(again.unreadCount()).isEqualTo(1);
        InboxEntry entry = all(store, "u").items().stream().filter(e -> e.item().seq() == a).findFirst().orElseThrow();
        assertThat(entry.read()).isTrue();
        assertThat(entry.readAtMillis()).isEqualTo(t1);
    }

    @Test
    void changesToWhatIsNotTheUsersAreNotFoundAndChangeNothing() {
        Store store = store();
        long bobs = seqOf(store, notification(Target.user("bob"), "bobs"));
        long ev = seqOf(store, event(Target.user("alice"), "ping", now(), HOUR));
        long head = store.bounds().join().head();
        for (long seq : new long[]{bobs, ev, 999, 0}) {
            assertThat(store.markRead("alice", seq, now()).join().found()).isFalse();
            assertThat(store.delete("alice", seq, now()).join().found()).isFalse();
            assertThat(store.markSeen("alice", seq, now()).join().found()).isFalse();
            assertThat(store.markUnread("alice", seq, now()).join().found()).isFalse();
            assertThat(store.archive("alice", seq, now()).join().found()).isFalse();
            assertThat(store.unarchive("alice", seq, now()).join().found()).isFalse();
        }
        assertThat(store.bounds().join().head()).isEqualTo(head);
        assertThat(store.unreadCount("bob", now()).join()).isEqualTo(1);
    }

    @Test
    void broadcastsHavePerUserReadState() {
        Store store = store();
        long b = seqOf(store, notification(Target.everyone(), "to all"));
        store.markRead("alice", b, now()).join();
        assertThat(all(store, "alice").items().get(0).read()).isTrue();
        assertThat(all(store, "bob").items().get(0).read()).isFalse();
        assertThat(store.unreadCount("bob", now()).join()).isEqualTo(1);
        store.delete("carol", b, now()).join();
        assertThat(all(store, "carol").items()).isEmpty();
        assertThat(all(store, "bob").items()).hasSize(1);
    }

    @Test
    void markAllReadCoversWhatExistsNotWhatComesLater() throws Exception {
        Store store = store();
        long early = seqOf(store, notification(Target.user("u"), "early"));
        long t0 = now() - 10_000;
        store.markRead("u", early, t0).join();
        seqOf(store, notification(Target.everyone(), "b"));
        seqOf(store, notification(Target.user("u"), "c"));
        InboxChange change = store.markAllRead("u", now()).join();
        assertThat(change.found()).isTrue();
        assertThat(change.unreadCount()).isZero();
        assertThat(change.sync().event()).isEqualTo(SyncItems.READ);
        assertThat(data(change.sync()).get("all").asBoolean()).isTrue();
        assertThat(data(change.sync()).get("notificationId").isNull()).isTrue();
        assertThat(all(store, "u").items()).allSatisfy(e -> assertThat(e.read()).isTrue());
        assertThat(all(store, "u").items().stream().filter(e -> e.item().seq() == early).findFirst().orElseThrow()
                .readAtMillis()).as("an earlier individual read keeps its time").isEqualTo(t0);
        long later = seqOf(store, notification(Target.user("u"), "later"));
        assertThat(store.unreadCount("u", now()).join()).isEqualTo(1);
        assertThat(all(store, "u").items().get(0).item().seq()).isEqualTo(later);
        assertThat(all(store, "u").items().get(0).read()).isFalse();
    }

    @Test
    void deleteRemovesOnlyFromThatUsersInbox() throws Exception {
        Store store = store();
        long shared = seqOf(store, notification(Target.users(List.of("u", "v")), "shared"));
        long mine = seqOf(store, notification(Target.user("u"), "mine"));
        InboxChange change = store.delete("u", shared, now()).join();
        assertThat(change.found()).isTrue();
        assertThat(change.unreadCount()).isEqualTo(1);
        assertThat(change.sync().event()).isEqualTo(SyncItems.DELETED);
        assertThat(data(change.sync()).get("notificationId").asText()).endsWith("-" + shared);
        assertThat(seqs(all(store, "u"))).containsExactly(mine);
        assertThat(seqs(all(store, "v"))).containsExactly(shared);
        assertThat(store.delete("u", shared, now()).join().found()).isFalse();
        assertThat(store.markRead("u", shared, now()).join().found()).isFalse();
    }

    @Test
    void expiredNotificationsLeaveTheInboxExactlyAtTheirExpiry() {
        Store store = store();
        long t0 = now();
        long shortLived = seqOf(store, notification(Target.user("u"), "short", t0, 60_000));
        long longLived = seqOf(store, notification(Target.user("u"), "long", t0, HOUR));
        assertThat(seqs(store.list("u", new InboxQuery(10, 0, false), t0 + 59_999).join())).containsExactly(longLived, shortLived);
        assertThat(seqs(store.list("u", new InboxQuery(10, 0, false), t0 + 60_000).join())).containsExactly(longLived);
        assertThat(store.unreadCount("u", t0 + 60_000).join()).isEqualTo(1);
        assertThat(store.markRead("u", shortLived, t0 + 60_000).join().found()).isFalse();
        store.prune(t0 + 60_000).join();
        assertThat(seqs(store.list("u", new InboxQuery(10, 0, false), t0 + 1).join())).containsExactly(longLived);
    }

    @Test
    void pagesWalkTheWholeInboxWithoutOverlap() {
        Store store = store();
        List<Long> mine = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            mine.add(seqOf(store, notification(Target.user(i % 3 == 0 ? "other" : "u"), "n" + i)));
            if (i % 3 == 0) {
                mine.remove(mine.size() - 1);
            }
        }
        List<Long> walked = new ArrayList<>();
        long before = 0;
        int pages = 0;
        do {
            InboxPage page = store.list("u", new InboxQuery(7, before, false), now()).join();
            walked.addAll(seqs(page));
            before = page.nextBefore();
            pages++;
        } while (before != 0 && pages < 20);
        assertThat(walked).containsExactlyElementsOf(mine.stream().sorted(Comparator.reverseOrder()).toList());
        assertThat(pages).isEqualTo(5);

        for (int i = 0; i < mine.size(); i += 2) {
            store.markRead("u", mine.get(i), now()).join();
        }
        List<Long> unread = new ArrayList<>();
        before = 0;
        do {
            InboxPage page = store.list("u", new InboxQuery(4, before, true), now()).join();
            assertThat(page.items()).allSatisfy(e -> assertThat(e.read()).isFalse());
            unread.addAll(seqs(page));
            before = page.nextBefore();
        } while (before != 0);
        assertThat(unread).hasSize(mine.size() / 2).doesNotHaveDuplicates();
        assertThat(store.unreadCount("u", now()).join()).isEqualTo(mine.size() / 2);
    }

    @Test
    void mutedTypesAreKeptAndAnnouncedToTheUsersStreams() throws Exception {
        Store store = store();
        assertThat(store.mutedTypes("u").join()).isEmpty();
        InboxChange change = store.setMutedTypes("u", List.of("streak", "xp"), now()).join();
        assertThat(change.sync().event()).isEqualTo(SyncItems.PREFERENCES);
        assertThat(change.sync().target()).isEqualTo(Target.user("u"));
        assertThat(SyncItems.mutedTypesOf(change.sync())).containsExactly("streak", "xp");
        assertThat(store.mutedTypes("u").join()).containsExactlyInAnyOrder("streak", "xp");
        store.setMutedTypes("u", List.of(), now()).join();
        assertThat(store.mutedTypes("u").join()).isEmpty();
        assertThat(store.mutedTypes("v").join()).isEmpty();
        // Muted notifications still reach the inbox.
        store.setMutedTypes("u", List.of("t"), now()).join();
        seqOf(store, notification(Target.user("u"), "muted but kept"));
        assertThat(all(store, "u").items()).hasSize(1);
        assertThat(Set.copyOf(store.mutedTypes("u").join())).containsExactly("t");
    }

    @Test
    void mutedCategoriesAreKeptBesideMutedTypesAndANullListLeavesItsSideAlone() throws Exception {
        Store store = store();
        assertThat(store.muted("u").join()).isEqualTo(Muted.NONE);
        InboxChange change = store.setMuted("u", List.of("xp"), List.of("social", "billing"), now()).join();
        assertThat(change.sync().event()).isEqualTo(SyncItems.PREFERENCES);
        assertThat(SyncItems.mutedOf(change.sync()).categories()).containsExactly("social", "billing");
        assertThat(SyncItems.mutedOf(change.sync()).types()).containsExactly("xp");
        assertThat(store.muted("u").join().categories()).containsExactlyInAnyOrder("social", "billing");
        // Types alone: categories stay, and the sync item carries both.
        change = store.setMutedTypes("u", List.of("streak"), now()).join();
        assertThat(SyncItems.mutedOf(change.sync()).categories()).containsExactlyInAnyOrder("social", "billing");
        assertThat(store.muted("u").join().types()).containsExactly("streak");
        // Categories alone: types stay.
        change = store.setMuted("u", null, List.of(), now()).join();
        assertThat(SyncItems.mutedOf(change.sync())).isEqualTo(new Muted(Set.of("streak"), Set.of()));
        assertThat(store.muted("u").join()).isEqualTo(new Muted(Set.of("streak"), Set.of()));
        assertThat(store.muted("v").join()).isEqualTo(Muted.NONE);
        // A muted category still reaches the inbox.
        store.setMuted("u", null, List.of("social"), now()).join();
        seqOf(store, TestItems.categorized(Target.user("u"), "muted but kept", "social"));
        assertThat(all(store, "u").items()).singleElement()
                .satisfies(e -> assertThat(e.item().category()).isEqualTo("social"));
    }

    @Test
    void concurrentChangesCarryUnreadCountsInCommitOrder() throws Exception {
        Store store = store();
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            seqs.add(seqOf(store, notification(Target.user("u"), "n" + i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<CompletableFuture<InboxChange>> changes = new ArrayList<>();
        for (long seq : seqs) {
            changes.add(CompletableFuture.supplyAsync(() -> store.markRead("u", seq, now()), pool).thenCompose(f -> f));
        }
        List<Item> syncs = new ArrayList<>();
        for (CompletableFuture<InboxChange> c : changes) {
            syncs.add(c.join().sync());
        }
        pool.shutdown();
        syncs.sort(Comparator.comparingLong(Item::seq));
        List<Integer> counts = new ArrayList<>();
        for (Item s : syncs) {
            counts.add(data(s).get("unreadCount").asInt());
        }
        // Each read removed exactly one unread notification, and the counts follow the log order.
        for (int i = 0; i < counts.size(); i++) {
            assertThat(counts.get(i)).isEqualTo(59 - i);
        }
    }

    /** One entry of the user's inbox, archived or not. */
    static InboxEntry entry(Store store, String user, long seq) {
        List<InboxEntry> both = new ArrayList<>(all(store, user).items());
        both.addAll(store.list(user, new InboxQuery(100, 0, false, false, true, null, null), now()).join().items());
        return both.stream().filter(e -> e.item().seq() == seq).findFirst().orElseThrow();
    }

    @Test
    void seenIsSeparateFromReadAndReadingCountsAsSeeing() throws Exception {
        Store store = store();
        long a = seqOf(store, notification(Target.user("u"), "a"));
        long b = seqOf(store, notification(Target.user("u"), "b"));
        long t1 = now();
        InboxChange seen = store.markSeen("u", a, t1).join();
        assertThat(seen.found()).isTrue();
        assertThat(seen.unreadCount()).isEqualTo(2);
        assertThat(seen.unseenCount()).isEqualTo(1);
        Item sync = seen.sync();
        assertThat(sync.event()).isEqualTo(SyncItems.SEEN);
        assertThat(sync.target()).isEqualTo(Target.user("u"));
        assertThat(data(sync).get("notificationId").asText()).isEqualTo(store.epoch() + "-" + a);
        assertThat(data(sync).get("seenAt").asText()).isEqualTo(SyncItems.time(t1));
        assertThat(data(sync).get("readAt").isNull()).isTrue();
        assertThat(data(sync).get("archivedAt").isNull()).isTrue();
        assertThat(data(sync).get("unreadCount").asInt()).isEqualTo(2);
        assertThat(data(sync).get("unseenCount").asInt()).isEqualTo(1);
        assertThat(store.replay("u", b, sync.seq(), 10).join()).extracting(Item::id).containsExactly(sync.id());

        InboxChange again = store.markSeen("u", a, t1 + 5000).join();
        assertThat(again.sync().seq()).as("repeating emits a sync item again").isGreaterThan(sync.seq());
        assertThat(entry(store, "u", a).seenAtMillis()).as("the first seen time is kept").isEqualTo(t1);
        assertThat(entry(store, "u", a).read()).isFalse();

        long t2 = t1 + 7000;
        store.markRead("u", b, t2).join();
        InboxEntry readB = entry(store, "u", b);
        assertThat(readB.seenAtMillis()).as("reading counts as seeing").isEqualTo(t2);
        assertThat(store.markSeen("u", b, t2 + 1).join().unseenCount()).isZero();
        assertThat(entry(store, "u", b).seenAtMillis()).isEqualTo(t2);
    }

    @Test
    void unreadUndoesAReadOrReadAllAndKeepsItSeen() throws Exception {
        Store store = store();
        long a = seqOf(store, notification(Target.user("u"), "a"));
        long b = seqOf(store, notification(Target.everyone(), "b"));
        long t1 = now();
        store.markAllRead("u", t1).join();
        InboxChange unread = store.markUnread("u", b, t1 + 1000).join();
        assertThat(unread.found()).isTrue();
        assertThat(unread.unreadCount()).isEqualTo(1);
        assertThat(unread.unseenCount()).isZero();
        assertThat(unread.sync().event()).isEqualTo(SyncItems.UNREAD);
        assertThat(data(unread.sync()).get("readAt").isNull()).isTrue();
        assertThat(data(unread.sync()).get("seenAt").asText()).isEqualTo(SyncItems.time(t1));
        InboxEntry eb = entry(store, "u", b);
        assertThat(eb.read()).isFalse();
        assertThat(eb.seenAtMillis()).isEqualTo(t1);
        assertThat(entry(store, "u", a).read()).isTrue();
        assertThat(store.unreadCount("u", now()).join()).isEqualTo(1);
        assertThat(seqs(store.list("u", new InboxQuery(10, 0, true), now()).join())).containsExactly(b);
        assertThat(all(store, "other").items().get(0).read()).as("a broadcast's state is per user").isFalse();

        assertThat(store.markUnread("u", b, t1 + 2000).join().unreadCount()).as("idempotent").isEqualTo(1);
        assertThat(store.markUnread("u", a, t1 + 2000).join().unreadCount()).isEqualTo(2);
        InboxChange unseenStill = store.markUnread("u", a, t1 + 3000).join();
        assertThat(unseenStill.unseenCount()).isZero();

        assertThat(store.markAllRead("u", t1 + 4000).join().unreadCount()).as("read all reads them again").isZero();
        assertThat(entry(store, "u", b).read()).isTrue();
        assertThat(store.markRead("u", a, t1 + 5000).join().unreadCount()).isZero();
        store.markUnread("u", a, t1 + 6000).join();
        InboxChange readAgain = store.markRead("u", a, t1 + 7000).join();
        assertThat(readAgain.unreadCount()).isZero();
        assertThat(entry(store, "u", a).readAtMillis()).isEqualTo(t1 + 7000);
    }

    @Test
    void unreadOnANotificationNeverReadStaysUnseen() {
        Store store = store();
        long a = seqOf(store, notification(Target.user("u"), "a"));
        InboxChange c = store.markUnread("u", a, now()).join();
        assertThat(c.found()).isTrue();
        assertThat(c.unreadCount()).isEqualTo(1);
        assertThat(c.unseenCount()).isEqualTo(1);
        assertThat(entry(store, "u", a).seen()).isFalse();
    }

    @Test
    void archivedNotificationsStayButLeaveTheCountsUntilUnarchived() throws Exception {
        Store store = store();
        long a = seqOf(store, notification(Target.user("u"), "a"));
        long b = seqOf(store, notification(Target.everyone(), "b"));
        long t1 = now();
        InboxChange archived = store.archive("u", b, t1).join();
        assertThat(archived.found()).isTrue();
        assertThat(archived.unreadCount()).isEqualTo(1);
        assertThat(archived.unseenCount()).isEqualTo(1);
        assertThat(archived.sync().event()).isEqualTo(SyncItems.ARCHIVED);
        assertThat(data(archived.sync()).get("archivedAt").asText()).isEqualTo(SyncItems.time(t1));
        assertThat(store.unreadCount("u", now()).join()).isEqualTo(1);
        assertThat(store.unreadCount("v", now()).join()).as("another user's broadcast is untouched").isEqualTo(1);
        assertThat(entry(store, "u", b).archivedAtMillis()).isEqualTo(t1);
        assertThat(entry(store, "u", a).archived()).isFalse();

        store.archive("u", b, t1 + 1000).join();
        assertThat(entry(store, "u", b).archivedAtMillis()).as("the first archive time is kept").isEqualTo(t1);
        store.markRead("u", b, t1 + 2000).join();
        assertThat(entry(store, "u", b).read()).as("an archived notification can be read").isTrue();
        store.markAllRead("u", t1 + 3000).join();
        store.markUnread("u", b, t1 + 4000).join();
        assertThat(store.unreadCount("u", now()).join()).as("archived and unread is not counted").isZero();

        InboxChange back = store.unarchive("u", b, t1 + 5000).join();
        assertThat(back.sync().event()).isEqualTo(SyncItems.UNARCHIVED);
        assertThat(data(back.sync()).get("archivedAt").isNull()).isTrue();
        assertThat(back.unreadCount()).isEqualTo(1);
        assertThat(entry(store, "u", b).archived()).isFalse();
        assertThat(store.unarchive("u", b, t1 + 6000).join().unreadCount()).as("idempotent").isEqualTo(1);

        store.archive("u", a, t1).join();
        store.delete("u", a, t1).join();
        assertThat(store.archive("u", a, t1).join().found()).as("deleted is gone, archived or not").isFalse();
    }

    @Test
    void concurrentStateChangesKeepBothCountsExact() throws Exception {
        Store store = store();
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            seqs.add(seqOf(store, notification(i % 2 == 0 ? Target.user("u") : Target.everyone(), "n" + i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<CompletableFuture<InboxChange>> changes = new ArrayList<>();
        for (int i = 0; i < seqs.size(); i++) {
            long seq = seqs.get(i);
            int kind = i % 4;
            changes.add(CompletableFuture.supplyAsync(() -> switch (kind) {
                case 0 -> store.markSeen("u", seq, now());
                case 1 -> store.markRead("u", seq, now());
                case 2 -> store.archive("u", seq, now());
                default -> store.markUnread("u", seq, now());
            }, pool).thenCompose(f -> f));
        }
        CompletableFuture.allOf(changes.toArray(CompletableFuture[]::new)).join();
        pool.shutdown();
        // 10 seen (unread), 10 read, 10 archived, 10 untouched (unread on an unread one changes nothing).
        InboxPage page = all(store, "u");
        assertThat(page.items()).as("the archived ones are hidden by default").hasSize(30);
        assertThat(store.list("u", new InboxQuery(100, 0, false, false, true, null, null), now()).join().items())
                .hasSize(10);
        assertThat(page.unreadCount()).isEqualTo(20);
        InboxChange last = store.markSeen("u", seqs.get(0), now()).join();
        assertThat(last.unreadCount()).isEqualTo(20);
        assertThat(last.unseenCount()).isEqualTo(10);
    }

    /** Every page of a listing, following nextBefore; the seqs newest first. */
    static List<Long> walk(Store store, String user, java.util.function.LongFunction<InboxQuery> query) {
        List<Long> out = new ArrayList<>();
        long before = 0;
        do {
            InboxPage page = store.list(user, query.apply(before), now()).join();
            out.addAll(seqs(page));
            assertThat(page.items().size() == query.apply(before).limit() || page.nextBefore() == 0).isTrue();
            before = page.nextBefore();
        } while (before != 0);
        return out;
    }

    @Test
    void filtersCombineWithPagingAndTheArchiveIsHiddenByDefault() {
        Store store = store();
        List<NewItem> batch = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            String category = i % 7 == 0 ? null : i % 2 == 0 ? "even" : "odd";
            batch.add(i % 100 == 0 ? TestItems.tagged(Target.user("u"), "n" + i, category, "x", "rare")
                    : TestItems.tagged(Target.user("u"), "n" + i, category, "x"));
        }
        List<Long> s = store.append(batch).join().stream().map(a -> a.item().seq()).toList();
        store.append(List.of(TestItems.tagged(Target.user("other"), "not u's", "even", "rare"))).join();
        store.archive("u", s.get(5), now()).join();
        store.archive("u", s.get(10), now()).join();
        store.markSeen("u", s.get(3), now()).join();
        store.markRead("u", s.get(4), now()).join();

        List<Long> inbox = walk(store, "u", b -> new InboxQuery(100, b, false));
        assertThat(inbox).hasSize(698).doesNotContain(s.get(5), s.get(10)).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(walk(store, "u", b -> new InboxQuery(1, b, false, false, true, null, null)))
                .containsExactly(s.get(10), s.get(5));
        List<Long> rare = new ArrayList<>();
        for (int i = 600; i >= 0; i -= 100) {
            rare.add(s.get(i));
        }
        assertThat(walk(store, "u", b -> new InboxQuery(3, b, false, false, false, null, "rare")))
                .as("a rare tag found across batches").containsExactlyElementsOf(rare);
        assertThat(walk(store, "u", b -> new InboxQuery(2, b, false, false, false, "even", "rare")))
                .as("n0 has no category").containsExactlyElementsOf(rare.subList(0, 6));
        assertThat(walk(store, "u", b -> new InboxQuery(100, b, false, false, false, "odd", "rare"))).isEmpty();
        List<Long> odd = walk(store, "u", b -> new InboxQuery(100, b, false, false, false, "odd", null));
        assertThat(odd).hasSize((int) java.util.stream.IntStream.range(0, 700)
                .filter(i -> i % 7 != 0 && i % 2 == 1 && i != 5).count());
        assertThat(walk(store, "u", b -> new InboxQuery(100, b, true, false, false, null, null)))
                .hasSize(697).doesNotContain(s.get(4));
        assertThat(walk(store, "u", b -> new InboxQuery(100, b, false, true, false, null, null)))
                .hasSize(696).doesNotContain(s.get(3), s.get(4));
        assertThat(walk(store, "u", b -> new InboxQuery(100, b, false, true, true, null, null)))
                .containsExactly(s.get(10), s.get(5));
        assertThat(store.list("u", new InboxQuery(5, 0, false), now()).join().unreadCount()).isEqualTo(697);
    }

    @Test
    void countsAreExactInAllAndPerCategoryWithoutTheArchive() {
        Store store = store();
        long a = seqOf(store, TestItems.tagged(Target.user("u"), "a", "social"));
        long b = seqOf(store, TestItems.tagged(Target.user("u"), "b", "social"));
        long c = seqOf(store, TestItems.tagged(Target.everyone(), "c", "billing"));
        long d = seqOf(store, TestItems.tagged(Target.users(List.of("u", "v")), "d", null));
        long e = seqOf(store, TestItems.tagged(Target.user("u"), "e", "social"));
        seqOf(store, TestItems.tagged(Target.user("u"), "deleted", "social"));
        seqOf(store, notification(Target.user("u"), "gone", now() - 2 * HOUR, HOUR));
        seqOf(store, TestItems.tagged(Target.user("v"), "v's", "social"));
        long deleted = store.bounds().join().head() - 2;
        store.delete("u", deleted, now()).join();

        assertThat(store.counts("u", now()).join()).isEqualTo(new InboxCounts(new InboxCounts.Counts(5, 5, 5),
                java.util.Map.of("social", new InboxCounts.Counts(3, 3, 3), "billing", new InboxCounts.Counts(1, 1, 1))));
        store.markSeen("u", a, now()).join();
        store.markRead("u", b, now()).join();
        store.archive("u", e, now()).join();
        store.markRead("u", c, now()).join();
        store.markUnread("u", c, now()).join();
        InboxCounts counts = store.counts("u", now()).join();
        assertThat(counts.all()).isEqualTo(new InboxCounts.Counts(3, 1, 4));
        assertThat(counts.categories()).containsOnlyKeys("social", "billing");
        assertThat(counts.categories().get("social")).isEqualTo(new InboxCounts.Counts(1, 0, 2));
        assertThat(counts.categories().get("billing")).isEqualTo(new InboxCounts.Counts(1, 0, 1));
        assertThat(counts.all().unread()).isEqualTo(store.unreadCount("u", now()).join());

        store.markAllRead("u", now()).join();
        assertThat(store.counts("u", now()).join().all()).isEqualTo(new InboxCounts.Counts(0, 0, 4));
        assertThat(store.counts("v", now()).join().all()).as("v's state is v's own").isEqualTo(new InboxCounts.Counts(3, 3, 3));
        assertThat(store.counts("nobody", now()).join())
                .isEqualTo(new InboxCounts(new InboxCounts.Counts(1, 1, 1), java.util.Map.of("billing", new InboxCounts.Counts(1, 1, 1))));
        assertThat(d).isPositive();
    }

    @Test
    void everyInboxChangesSyncItemCarriesBothCountsAndTheCountsObject() throws Exception {
        Store store = store();
        long a = seqOf(store, TestItems.tagged(Target.user("u"), "a", "social"));
        long b = seqOf(store, TestItems.tagged(Target.everyone(), "b", "billing"));
        seqOf(store, TestItems.tagged(Target.user("u"), "c", null));
        List<java.util.function.Supplier<CompletableFuture<InboxChange>>> changes = List.of(
                () -> store.markSeen("u", a, now()),
                () -> store.markRead("u", b, now()),
                () -> store.markUnread("u", b, now()),
                () -> store.archive("u", a, now()),
                () -> store.unarchive("u", a, now()),
                () -> store.setMuted("u", List.of("t"), List.of("social"), now()),
                () -> store.markAllRead("u", now()),
                () -> store.delete("u", b, now()));
        for (java.util.function.Supplier<CompletableFuture<InboxChange>> change : changes) {
            InboxChange done = change.get().join();
            InboxCounts counts = store.counts("u", now()).join();
            JsonNode data = data(done.sync());
            String event = done.sync().event();
            assertThat(done.counts()).as(event).isEqualTo(counts);
            assertThat(done.unreadCount()).as(event).isEqualTo(counts.all().unread());
            assertThat(done.unseenCount()).as(event).isEqualTo(counts.all().unseen());
            assertThat(data.get("unreadCount").asInt()).as(event).isEqualTo(counts.all().unread());
            assertThat(data.get("unseenCount").asInt()).as(event).isEqualTo(counts.all().unseen());
            assertThat(data.get("counts")).as(event).isEqualTo(SyncItems.countsNode(counts));
            assertThat(data.get("counts").get("total").asInt()).as(event).isEqualTo(counts.all().total());
            assertThat(data.get("counts").get("categories").size()).as(event).isEqualTo(counts.categories().size());
        }
        assertThat(store.counts("u", now()).join().all()).isEqualTo(new InboxCounts.Counts(0, 0, 2));
    }
}
