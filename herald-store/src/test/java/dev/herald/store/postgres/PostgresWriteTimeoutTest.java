package dev.herald.store.postgres;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.item.Item;
import dev.herald.core.item.Target;
import dev.herald.core.store.Appended;
import dev.herald.core.store.Store;
import dev.herald.core.store.StoreOptions;
import dev.herald.core.store.StoreWaits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static dev.herald.core.store.TestItems.notification;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write that fails in the middle of its transaction on PostgreSQL (its statement timeout fires
 * after the item rows were inserted, while the recipient rows wait for a lock): nothing of it is
 * stored, the store reports the outage with its reason, and it ends by itself once writes work.
 */
@RequiresPostgres
class PostgresWriteTimeoutTest {
    private String schema;
    private Store store;

    @AfterEach
    void cleanUp() {
        if (store != null) {
            store.close();
        }
        if (schema != null) {
            TestPostgres.dropSchema(schema);
        }
    }

    @Test
    void aStatementTimeoutMidTransactionStoresNothingAndTheStoreRecoversByItself() throws Exception {
        schema = TestPostgres.newSchema();
        store = PostgresStore.open(TestPostgres.urlFor(schema) + "&options=-c%20statement_timeout%3D400",
                StoreOptions.defaults());
        List<String> acknowledged = new ArrayList<>();
        acknowledged.add(title(store.append(List.of(notification(Target.users(List.of("a", "b")), "before"))).join()));

        try (Connection locker = TestPostgres.admin(); Statement s = locker.createStatement()) {
            locker.setAutoCommit(false);
            // Inserting items still works; inserting their recipients waits for this lock until the
            // writer's statement timeout cancels it, mid-transaction.
            s.execute("LOCK TABLE " + schema + ".recipients IN SHARE MODE");
            List<CompletableFuture<List<Appended>>> during = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                during.add(store.append(List.of(notification(Target.users(List.of("a", "b")), "during-" + i))));
            }
            for (CompletableFuture<List<Appended>> f : during) {
                CompletionException e = org.assertj.core.api.Assertions.catchThrowableOfType(CompletionException.class, f::join);
                assertThat(e.getCause()).isInstanceOfSatisfying(HeraldException.class,
                        h -> assertThat(h.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
            }
            assertThat(store.unavailableReason()).contains("SQLSTATE 57014 (statement timeout or cancel)");
            locker.rollback();
        }

        // No write from here: the store's own probe ends the outage.
        StoreWaits.awaitWritesTakenAgain(store);
        acknowledged.add(title(store.append(List.of(notification(Target.users(List.of("a", "b")), "after"))).join()));

        long head = store.bounds().join().head();
        List<Item> all = store.range(0, head, 100).join();
        assertThat(all).extracting(Item::seq).containsExactly(1L, 2L);
        assertThat(all).extracting(PostgresWriteTimeoutTest::titleOf).containsExactlyElementsOf(acknowledged);
        assertThat(store.replay("b", 0, head, 100).join()).hasSize(2);
    }

    /** Every other write path, refused the same way mid-transaction, changes nothing. */
    @Test
    void inboxChangesPreferencesAndRetentionRefusedMidTransactionChangeNothing() throws Exception {
        schema = TestPostgres.newSchema();
        store = PostgresStore.open(TestPostgres.urlFor(schema) + "&options=-c%20statement_timeout%3D400",
                StoreOptions.defaults());
        long now = System.currentTimeMillis();
        long seq = store.append(List.of(notification(Target.user("u"), "kept"))).join().get(0).item().seq();
        store.setMutedTypes("u", List.of("before"), now).join();
        long head = store.bounds().join().head();

        try (Connection locker = TestPostgres.admin(); Statement s = locker.createStatement()) {
            locker.setAutoCommit(false);
            // Each change writes its own rows first, then its sync item into items, which waits here.
            s.execute("LOCK TABLE " + schema + ".items IN SHARE MODE");
            List<CompletableFuture<?>> refused = List.of(
                    store.markRead("u", seq, now),
                    store.delete("u", seq, now),
                    store.setMutedTypes("u", List.of("refused"), now));
            for (CompletableFuture<?> f : refused) {
                assertUnavailable(f);
            }
            assertThat(store.unavailableReason()).contains("57014");
            locker.rollback();
        }
        StoreWaits.awaitWritesTakenAgain(store);
        assertThat(store.bounds().join().head()).as("no sync item was added").isEqualTo(head);
        assertThat(store.unreadCount("u", now).join()).as("still unread, not deleted").isEqualTo(1);
        assertThat(store.mutedTypes("u").join()).containsExactly("before");
    }

    private static void assertUnavailable(CompletableFuture<?> future) {
        CompletionException e = org.assertj.core.api.Assertions.catchThrowableOfType(CompletionException.class, future::join);
        assertThat(e.getCause()).isInstanceOfSatisfying(HeraldException.class,
                h -> assertThat(h.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
    }

    private static String title(List<Appended> appended) {
        return titleOf(appended.get(0).item());
    }

    private static String titleOf(Item item) {
        String content = new String(item.content(), StandardCharsets.UTF_8);
        return content.substring(content.indexOf("\"title\":\"") + 9, content.lastIndexOf('"'));
    }
}
