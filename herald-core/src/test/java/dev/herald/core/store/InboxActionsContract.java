package dev.herald.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.inbox.InboxBulk;
import dev.herald.core.inbox.InboxBulk.Action;
import dev.herald.core.inbox.InboxBulk.Filter;
import dev.herald.core.inbox.InboxBulkChange;
import dev.herald.core.inbox.InboxChange;
import dev.herald.core.inbox.InboxEntry;
import dev.herald.core.inbox.InboxQuery;
import dev.herald.core.inbox.SyncItems;
import dev.herald.core.item.EventId;
import dev.herald.core.item.Item;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.Target;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.herald.core.store.TestItems.categorized;
import static dev.herald.core.store.TestItems.notification;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link dev.herald.core.inbox.Inbox} contract for action buttons ({@code act}) and bulk changes:
 * every store runs it by saying how to make a fresh, empty store.
 */
public abstract class InboxActionsContract {
    private static final ObjectMapper JSON = new ObjectMapper();
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

    private static long now() {
        return System.currentTimeMillis();
    }

    private static long seqOf(Store store, NewItem item) {
        return store.append(List.of(item)).join().get(0).item().seq();
    }

    private static JsonNode data(Item sync) throws Exception {
        return JSON.readTree(sync.content());
    }

    /** The user's entry for seq, archived or not; empty when it is not in their inbox. */
    private static Optional<InboxEntry> entry(Store store, String user, long seq) {
        List<InboxEntry> both = new ArrayList<>(store.list(user, new InboxQuery(100, 0, false), now()).join().items());
        both.addAll(store.list(user, new InboxQuery(100, 0, false, false, true, null, null), now()).join().items());
        return both.stream().filter(e -> e.item().seq() == seq).findFirst();
    }

    private static InboxEntry in(Store store, String user, long seq) {
        return entry(store, user, seq).orElseThrow();
    }

    @Test
    void actingKeepsTheFirstActionReadsTheNotificationAndNeedsAnActionItHas() throws Exception {
        Store store = store();
        long a = seqOf(store, categorized(Target.user("u"), "a", "orders"));
        long plain = seqOf(store, notification(Target.user("u"), "no buttons"));
        long c = seqOf(store, categorized(Target.everyone(), "c", "news"));

        assertThat(store.act("u", plain, "open", now()).join().found()).as("no actions at all").isFalse();
        assertThat(store.act("u", a, "nope", now()).join().found()).as("no such action").isFalse();
        assertThat(store.act("v", a, "open", now()).join().found()).as("another user's").isFalse();
        assertThat(store.act("u", 999_999, "open", now()).join().found()).as("no such notification").isFalse();
        assertThat(in(store, "u", a).read()).as("a refused act changed nothing").isFalse();

        long t1 = now();
        InboxChange acted = store.act("u", a, "open", t1).join();
        assertThat(acted.found()).isTrue();
        assertThat(acted.sync().event()).isEqualTo(SyncItems.ACTED);
        assertThat(acted.sync().target().userId()).isEqualTo("u");
        JsonNode d = data(acted.sync());
        assertThat(d.get("notificationId").asText()).isEqualTo(EventId.format(store.epoch(), a));
        assertThat(d.get("actionId").asText()).isEqualTo("open");
        assertThat(d.get("actedAt").asText()).isEqualTo(SyncItems.time(t1));
        assertThat(d.get("readAt").asText()).as("acting reads it").isEqualTo(SyncItems.time(t1));
        assertThat(d.get("seenAt").asText()).as("and so sees it").isEqualTo(SyncItems.time(t1));
        assertThat(d.get("archivedAt").isNull()).isTrue();
        assertThat(d.get("unreadCount").asInt()).isEqualTo(2);
        assertThat(d.get("unseenCount").asInt()).isEqualTo(2);
        assertThat(acted.unreadCount()).isEqualTo(2);
        InboxEntry e = in(store, "u", a);
        assertThat(e.actedAtMillis()).isEqualTo(t1);
        assertThat(e.actionId()).isEqualTo("open");
        assertThat(in(store, "u", plain).actedAtMillis()).isZero();
        assertThat(in(store, "u", plain).actionId()).isNull();

        // Again, after marking it unread: the first action stays, and it is read again.
        store.markUnread("u", a, t1 + 1000).join();
        InboxChange again = store.act("u", a, "open", t1 + 2000).join();
        assertThat(again.found()).isTrue();
        assertThat(data(again.sync()).get("actedAt").asText()).isEqualTo(SyncItems.time(t1));
        assertThat(in(store, "u", a).actedAtMillis()).isEqualTo(t1);
        assertThat(in(store, "u", a).readAtMillis()).isEqualTo(t1 + 2000);

        // A broadcast's action is per user.
        assertThat(store.act("u", c, "open", t1).join().unreadCount()).isEqualTo(1);
        assertThat(in(store, "v", c).actedAtMillis()).isZero();
        assertThat(in(store, "v", c).read()).isFalse();

        store.delete("u", a, now()).join();
        assertThat(store.act("u", a, "open", now()).join().found()).as("deleted is gone").isFalse();
    }

    @Test
    void bulkByIdsChangesOnlyTheUsersOwnAndCountsWhatChanged() throws Exception {
        Store store = store();
        long a = seqOf(store, notification(Target.user("u"), "a"));
        long b = seqOf(store, notification(Target.user("u"), "b"));
        long c = seqOf(store, notification(Target.everyone(), "c"));
        long theirs = seqOf(store, notification(Target.user("v"), "theirs"));
        long t1 = now();

        InboxBulkChange read = store.bulk("u", InboxBulk.ids(Action.READ, List.of(a, theirs, b, 999_999L, c, a)), t1).join();
        assertThat(read.changed()).isEqualTo(3);
        assertThat(read.unreadCount()).isZero();
        assertThat(read.sync().event()).isEqualTo(SyncItems.BULK);
        assertThat(read.sync().target().userId()).isEqualTo("u");
        JsonNode d = data(read.sync());
        assertThat(d.get("action").asText()).isEqualTo("read");
        assertThat(d.get("all").asBoolean()).isFalse();
        assertThat(d.get("filter").isNull()).isTrue();
        assertThat(d.get("ids")).as("the repeat counts once").hasSize(5);
        assertThat(d.get("ids").get(0).asText()).isEqualTo(EventId.format(store.epoch(), a));
        assertThat(d.get("changed").asInt()).isEqualTo(3);
        assertThat(d.get("unreadCount").asInt()).isZero();
        assertThat(d.get("unseenCount").asInt()).isZero();
        assertThat(in(store, "u", a).readAtMillis()).isEqualTo(t1);
        assertThat(in(store, "v", theirs).read()).as("someone else's is untouched").isFalse();
        assertThat(in(store, "v", c).read()).as("the broadcast is read for u only").isFalse();

        InboxBulkChange nothing = store.bulk("u", InboxBulk.ids(Action.READ, List.of(a, b)), t1 + 1000).join();
        assertThat(nothing.changed()).as("already read").isZero();
        assertThat(nothing.sync()).as("a sync item all the same").isNotNull();
        assertThat(in(store, "u", a).readAtMillis()).as("the first read time stays").isEqualTo(t1);

        assertThat(store.bulk("u", InboxBulk.ids(Action.UNREAD, List.of(a, c)), t1).join().changed()).isEqualTo(2);
        assertThat(in(store, "u", a).read()).isFalse();
        assertThat(in(store, "u", a).seenAtMillis()).as("unread keeps it seen").isEqualTo(t1);
        InboxBulkChange archived = store.bulk("u", InboxBulk.ids(Action.ARCHIVE, List.of(a, b)), t1).join();
        assertThat(archived.changed()).isEqualTo(2);
        assertThat(archived.unreadCount()).as("archived leave the count").isEqualTo(1);
        assertThat(store.bulk("u", InboxBulk.ids(Action.UNARCHIVE, List.of(b, c)), t1).join().changed()).isEqualTo(1);
        assertThat(store.bulk("u", InboxBulk.ids(Action.SEEN, List.of(a, b, c)), t1).join().changed())
                .as("a is seen, b read, c seen when it was read").isZero();

        InboxBulkChange deleted = store.bulk("u", InboxBulk.ids(Action.DELETE, List.of(a, c, theirs)), t1).join();
        assertThat(deleted.changed()).isEqualTo(2);
        assertThat(entry(store, "u", a)).isEmpty();
        assertThat(entry(store, "u", c)).isEmpty();
        assertThat(entry(store, "v", c)).as("the broadcast stays in other inboxes").isPresent();
        assertThat(entry(store, "v", theirs)).isPresent();
        assertThat(store.bulk("u", InboxBulk.ids(Action.DELETE, List.of(a)), t1).join().changed())
                .as("deleted twice changes nothing").isZero();
        assertThat(store.counts("u", now()).join().all().total()).isEqualTo(1);
    }

    @Test
    void bulkOnAllFollowsTheFilterAndTheArchiveDefault() throws Exception {
        Store store = store();
        List<Long> social = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            social.add(seqOf(store, categorized(Target.user("u"), "s" + i, "social")));
        }
        long billing = seqOf(store, categorized(Target.user("u"), "bill", "billing"));
        long plain = seqOf(store, notification(Target.user("u"), "plain"));
        long socialBroadcast = seqOf(store, categorized(Target.everyone(), "sb", "social"));
        long theirs = seqOf(store, categorized(Target.user("v"), "theirs", "social"));
        long t1 = now();
        store.archive("u", social.get(0), t1).join();

        InboxBulkChange seen = store.bulk("u", InboxBulk.all(Action.SEEN, new Filter("social", null, null)), t1).join();
        assertThat(seen.changed()).as("unarchived social ones: two direct and the broadcast").isEqualTo(3);
        assertThat(in(store, "u", social.get(0)).seen()).as("archived left alone by default").isFalse();
        assertThat(in(store, "u", socialBroadcast).seenAtMillis()).isEqualTo(t1);
        assertThat(in(store, "v", theirs).seen()).isFalse();
        assertThat(in(store, "v", socialBroadcast).seen()).isFalse();
        assertThat(seen.unseenCount()).isEqualTo(2);
        JsonNode d = data(seen.sync());
        assertThat(d.get("all").asBoolean()).isTrue();
        assertThat(d.get("ids").isNull()).isTrue();
        assertThat(d.get("filter").toString()).as("as applied").isEqualTo("{\"category\":\"social\",\"archived\":false}");

        store.markRead("u", billing, t1).join();
        InboxBulkChange archiveRead = store.bulk("u", InboxBulk.all(Action.ARCHIVE, new Filter(null, true, null)), t1).join();
        assertThat(archiveRead.changed()).isEqualTo(1);
        assertThat(in(store, "u", billing).archived()).isTrue();

        InboxBulkChange readAll = store.bulk("u", InboxBulk.all(Action.READ, Filter.NONE), t1 + 1000).join();
        assertThat(readAll.changed()).as("s1, s2, plain and the broadcast").isEqualTo(4);
        assertThat(readAll.unreadCount()).isZero();
        assertThat(in(store, "u", plain).readAtMillis()).isEqualTo(t1 + 1000);
        assertThat(in(store, "u", social.get(0)).read()).as("archived stays unread").isFalse();
        assertThat(in(store, "v", socialBroadcast).read()).isFalse();

        InboxBulkChange unarchived = store.bulk("u", InboxBulk.all(Action.UNARCHIVE, Filter.NONE), t1).join();
        assertThat(unarchived.changed()).as("unarchive takes the archive by default").isEqualTo(2);
        assertThat(unarchived.unreadCount()).isEqualTo(1);
        assertThat(data(unarchived.sync()).get("filter").toString()).isEqualTo("{\"archived\":true}");

        InboxBulkChange unreadSocial = store.bulk("u",
                InboxBulk.all(Action.UNREAD, new Filter("social", true, false)), t1).join();
        assertThat(unreadSocial.changed()).isEqualTo(3);
        assertThat(unreadSocial.unreadCount()).isEqualTo(4);

        InboxBulkChange deleted = store.bulk("u", InboxBulk.all(Action.DELETE, new Filter("social", null, null)), t1).join();
        assertThat(deleted.changed()).isEqualTo(4);
        assertThat(store.counts("u", now()).join().all().total()).isEqualTo(2);
        assertThat(entry(store, "v", socialBroadcast)).isPresent();
        assertThat(entry(store, "v", theirs)).isPresent();
        assertThat(store.bulk("u", InboxBulk.all(Action.DELETE, new Filter("social", null, null)), t1).join().changed())
                .isZero();
    }

    @Test
    void readOnAllMarksOneCategoryOrEverythingUnarchivedAndLeavesTheArchiveUnread() {
        Store store = store();
        long a = seqOf(store, categorized(Target.user("u"), "a", "social"));
        long b = seqOf(store, categorized(Target.user("u"), "b", "billing"));
        long c = seqOf(store, categorized(Target.everyone(), "c", "social"));
        long d = seqOf(store, categorized(Target.user("u"), "d", "social"));
        long t1 = now();
        store.archive("u", d, t1).join();

        InboxBulkChange social = store.bulk("u", InboxBulk.all(Action.READ, new Filter("social", null, null)), t1).join();
        assertThat(social.changed()).isEqualTo(2);
        assertThat(social.unreadCount()).isEqualTo(1);
        assertThat(in(store, "u", c).readAtMillis()).isEqualTo(t1);
        assertThat(in(store, "u", d).read()).isFalse();
        assertThat(in(store, "v", c).read()).isFalse();

        store.markUnread("u", a, t1 + 1000).join();
        InboxBulkChange everything = store.bulk("u", InboxBulk.all(Action.READ, new Filter(null, false, null)),
                t1 + 2000).join();
        assertThat(everything.changed()).as("a (marked unread) and b").isEqualTo(2);
        assertThat(everything.unreadCount()).isZero();
        assertThat(everything.unseenCount()).isZero();
        assertThat(in(store, "u", a).readAtMillis()).isEqualTo(t1 + 2000);
        assertThat(in(store, "u", b).readAtMillis()).isEqualTo(t1 + 2000);
        assertThat(in(store, "u", d).read()).as("the archive is left unread").isFalse();
        assertThat(store.unarchive("u", d, now()).join().unreadCount()).isEqualTo(1);
        long e = seqOf(store, categorized(Target.everyone(), "e", "social"));
        assertThat(in(store, "u", e).read()).as("what comes later arrives unread").isFalse();
        assertThat(store.unreadCount("u", now()).join()).isEqualTo(2);
    }

    @Test
    void bulkOnAllCoversAnInboxBiggerThanOneStep() {
        Store store = store();
        // Above two steps of the durable stores' walk (5,000 sequence numbers each), with other users' items between.
        int n = 12_345;
        for (int from = 0; from < n; from += 1_000) {
            List<NewItem> many = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + 1_000); i++) {
                many.add(notification(i % 2 == 0 ? Target.everyone() : Target.user("u"), "n" + i));
                if (i % 7 == 0) {
                    many.add(notification(Target.user("w"), "not u's " + i));
                }
            }
            store.append(many).join();
        }
        InboxBulkChange read = store.bulk("u", InboxBulk.all(Action.READ, Filter.NONE), now()).join();
        assertThat(read.changed()).isEqualTo(n);
        assertThat(read.unreadCount()).isZero();
        assertThat(store.counts("u", now()).join().all().unread()).isZero();
        assertThat(store.unreadCount("v", now()).join()).as("the broadcasts").isEqualTo((n + 1) / 2);
        assertThat(store.bulk("u", InboxBulk.all(Action.ARCHIVE, Filter.NONE), now()).join().changed()).isEqualTo(n);
        assertThat(store.counts("u", now()).join().all().total()).isZero();
    }
}
