package dev.herald.core.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.inbox.InboxCounts;
import dev.herald.core.inbox.InboxQuery;
import dev.herald.core.inbox.SyncItems;
import dev.herald.core.item.Item;
import dev.herald.core.item.ItemKind;
import dev.herald.core.item.NotificationEdit;
import dev.herald.core.item.Target;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.herald.core.store.TestItems.categorized;
import static dev.herald.core.store.TestItems.event;
import static dev.herald.core.store.TestItems.notification;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of {@link Store#edit} and {@link Store#retract}: the notification keeps its number,
 * the change is appended to the same target in the same transaction, the log stays dense, inboxes
 * and counts follow, and what cannot be changed is not found. Every store runs it.
 */
public abstract class PublisherEditContract {
    private static final ObjectMapper JSON = new ObjectMapper();
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

    /** An edit that sets fields as given (the server's validation is not the store's business). */
    private static NotificationEdit set(Map<String, Object> fields) {
        return content -> {
            try {
                ObjectNode node = (ObjectNode) JSON.readTree(content);
                fields.forEach((k, v) -> node.set(k, JSON.valueToTree(v)));
                String category = node.path("category").isTextual() ? node.get("category").asText() : null;
                return new NotificationEdit.Edited(JSON.writeValueAsBytes(node), category);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void anEditRewritesInPlaceAndAppendsTheWholeNewVersionToTheSameTarget() {
        Store store = store();
        Target list = Target.users(List.of("a", "b"));
        Item original = store.append(List.of(categorized(list, "v1", "social"))).join().get(0).item();
        long now = System.currentTimeMillis();
        PublisherChange change = store.edit(original.seq(), set(Map.of("title", "v2", "category", "billing")), now).join();

        assertThat(change.found()).isTrue();
        assertThat(change.notification().seq()).isEqualTo(original.seq());
        assertThat(change.notification().id()).isEqualTo(original.id());
        assertThat(change.notification().category()).isEqualTo("billing");
        assertThat(text(change.notification().content())).contains("\"title\":\"v2\"");
        Item update = change.change();
        assertThat(update.seq()).as("the next number: the log stays dense").isEqualTo(original.seq() + 1);
        assertThat(update.kind()).isEqualTo(ItemKind.SYNC);
        assertThat(update.event()).isEqualTo(SyncItems.UPDATED);
        assertThat(update.target()).isEqualTo(list);
        assertThat(update.dataJson()).as("the new notification under its own id")
                .isEqualTo(change.notification().dataJson());
        assertThat(store.bounds().join().head()).isEqualTo(update.seq());

        // Replay shows the new version at the original's place, then the update; gap filling too.
        List<Item> replayed = store.replay("b", 0, update.seq(), 10).join();
        assertThat(replayed).extracting(Item::seq).containsExactly(original.seq(), update.seq());
        assertThat(text(replayed.get(0).content())).contains("\"title\":\"v2\"");
        List<Item> range = store.range(0, update.seq(), 10).join();
        assertThat(range.get(1).target()).isEqualTo(list);
        assertThat(range.get(1).dataJson()).isEqualTo(update.dataJson());

        // Inbox and counts follow the new category.
        assertThat(store.list("a", new InboxQuery(20, 0, false, false, false, "billing", null), now).join().items())
                .extracting(e -> e.item().id()).containsExactly(original.id());
        assertThat(store.list("a", new InboxQuery(20, 0, false, false, false, "social", null), now).join().items())
                .isEmpty();
        InboxCounts counts = store.counts("a", now).join();
        assertThat(counts.categories()).containsOnlyKeys("billing");
        assertThat(store.list("c", new InboxQuery(20, 0, false, false, false, null, null), now).join().items())
                .as("not addressed to c").isEmpty();
    }

    @Test
    void editsApplyInOrderEachToTheVersionBeforeIt() {
        Store store = store();
        Item original = store.append(List.of(notification(Target.everyone(), "v1"))).join().get(0).item();
        long now = System.currentTimeMillis();
        store.edit(original.seq(), set(Map.of("title", "v2")), now).join();
        PublisherChange second = store.edit(original.seq(), set(Map.of("body", "b")), now).join();
        assertThat(text(second.notification().content())).contains("\"title\":\"v2\"", "\"body\":\"b\"");
        assertThat(second.change().target().isBroadcast()).isTrue();
        assertThat(store.bounds().join().head()).isEqualTo(original.seq() + 2);
    }

    @Test
    void aRetractionLeavesEveryInboxKeepsTheNumberAndIsReplayedAsTheDeletionAlone() {
        Store store = store();
        Item kept = store.append(List.of(notification(Target.everyone(), "kept"))).join().get(0).item();
        Item original = store.append(List.of(categorized(Target.everyone(), "secret", "social"))).join().get(0).item();
        long now = System.currentTimeMillis();
        Item update = store.edit(original.seq(), set(Map.of("title", "still secret")), now).join().change();
        assertThat(store.counts("u", now).join().all().total()).isEqualTo(2);

        PublisherChange retraction = store.retract(original.seq(), now).join();
        assertThat(retraction.found()).isTrue();
        Item deleted = retraction.change();
        assertThat(deleted.event()).isEqualTo(SyncItems.DELETED);
        assertThat(deleted.target().isBroadcast()).isTrue();
        assertThat(deleted.dataJson()).isEqualTo("{\"id\":\"" + original.id() + "\",\"notificationId\":\"" + original.id() + "\",\"retracted\":true}");
        assertThat(deleted.seq()).isEqualTo(update.seq() + 1);

        assertThat(store.list("u", new InboxQuery(20, 0, false, false, false, null, null), now).join().items())
                .extracting(e -> e.item().id()).containsExactly(kept.id());
        assertThat(store.counts("u", now).join().all().total()).isEqualTo(1);
        assertThat(store.counts("u", now).join().categories()).isEmpty();
        assertThat(store.markRead("u", original.seq(), now).join().found()).isFalse();

        // The numbers stay (dense), but the notification and its update are placeholders without text.
        List<Item> range = store.range(0, deleted.seq(), 10).join();
        assertThat(range).extracting(Item::seq).containsExactly(kept.seq(), original.seq(), update.seq(), deleted.seq());
        assertThat(range).extracting(Item::kind).containsExactly(ItemKind.NOTIFICATION, ItemKind.RETRACTED,
                ItemKind.RETRACTED, ItemKind.SYNC);
        for (Item item : store.replay("u", 0, deleted.seq(), 10).join()) {
            assertThat(text(item.content())).doesNotContain("secret");
        }

        // Idempotent: found, nothing appended.
        PublisherChange again = store.retract(original.seq(), now).join();
        assertThat(again.found()).isTrue();
        assertThat(again.change()).isNull();
        assertThat(store.bounds().join().head()).isEqualTo(deleted.seq());
        assertThat(store.edit(original.seq(), set(Map.of("title", "x")), now).join().found())
                .as("a retracted notification cannot be edited").isFalse();
    }

    @Test
    void unknownNumbersEventsSyncItemsAndExpiredNotificationsAreNotFound() {
        Store store = store();
        long now = System.currentTimeMillis();
        Item ev = store.append(List.of(event(Target.user("u"), "score", now, 60_000))).join().get(0).item();
        Item n = store.append(List.of(notification(Target.user("u"), "n"))).join().get(0).item();
        Item sync = store.markRead("u", n.seq(), now).join().sync();
        Item expiring = store.append(List.of(notification(Target.user("u"), "old", now - 10_000, 5_000))).join()
                .get(0).item();
        long head = store.bounds().join().head();
        for (long seq : List.of(ev.seq(), sync.seq(), expiring.seq(), 999L)) {
            assertThat(store.edit(seq, set(Map.of("title", "x")), now).join()).isEqualTo(PublisherChange.notFound());
            assertThat(store.retract(seq, now).join()).isEqualTo(PublisherChange.notFound());
        }
        assertThat(store.bounds().join().head()).as("nothing appended").isEqualTo(head);
    }
}
