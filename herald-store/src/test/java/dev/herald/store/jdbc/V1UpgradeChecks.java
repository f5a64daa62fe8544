package dev.herald.store.jdbc;

import dev.herald.core.inbox.InboxCounts;
import dev.herald.core.inbox.InboxEntry;
import dev.herald.core.inbox.InboxQuery;
import dev.herald.core.item.Item;
import dev.herald.core.item.Target;
import dev.herald.core.store.Store;
import dev.herald.core.store.TestItems;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database created by a release with only V1 (items and muted types, no categories) opens with
 * this code: the later migrations are applied, what V1 stored reads back unchanged, and the new
 * columns work. And one from a release at V3 (before count snapshots) gets V4 and the rest: its
 * counts are exact from the first read, and the snapshot built then stays exact as its items expire.
 */
public abstract class V1UpgradeChecks {

    /** A fresh, empty database the store will open. */
    protected abstract DataSource emptyDatabase() throws Exception;

    /** "sqlite" or "postgres". */
    protected abstract String location();

    /** Opens the store on the database {@link #emptyDatabase()} gave. */
    protected abstract Store openStore();

    @Test
    void aV1DatabaseIsUpgradedAndKeepsWhatItHeld() throws Exception {
        DataSource db = emptyDatabase();
        Flyway.configure().dataSource(db).locations("classpath:db/" + location()).target("1").load().migrate();
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            long now = System.currentTimeMillis();
            st.executeUpdate("INSERT INTO log_state (id, epoch, head, horizon) VALUES (1, 'v1epoch', 1, 0)");
            st.executeUpdate("INSERT INTO items (seq, kind, audience, user_id, event, type, content, created_at,"
                    + " expires_at) VALUES (1, 0, 0, 'u', 'notification', 't', "
                    + blob("{\"type\":\"t\",\"title\":\"old\"}") + ", " + now + ", " + (now + 3_600_000) + ")");
            st.executeUpdate("INSERT INTO inbox_users (user_id, read_through_seq, read_through_at, muted_types)"
                    + " VALUES ('u', 0, 0, '[\"promo\"]')");
            st.executeUpdate("INSERT INTO inbox_marks (user_id, seq, read_at, deleted) VALUES ('u', 1, " + (now - 1000)
                    + ", 0)");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        try (Store store = openStore()) {
            assertThat(store.epoch()).isEqualTo("v1epoch");
            List<Item> old = store.replay("u", 0, 1, 10).join();
            assertThat(old).singleElement().satisfies(i -> {
                assertThat(i.category()).isNull();
                assertThat(i.dataJson()).isEqualTo("{\"id\":\"v1epoch-1\",\"type\":\"t\",\"title\":\"old\"}");
            });
            assertThat(store.muted("u").join().types()).containsExactly("promo");
            assertThat(store.muted("u").join().categories()).isEmpty();
            store.setMuted("u", null, List.of("social"), System.currentTimeMillis()).join();
            assertThat(store.muted("u").join().categories()).containsExactly("social");
            assertThat(store.muted("u").join().types()).containsExactly("promo");
            store.append(List.of(TestItems.categorized(Target.user("u"), "new", "social"))).join();
            assertThat(store.list("u", new InboxQuery(10, 0, false), System.currentTimeMillis()).join().items())
                    .extracting(e -> e.item().category()).containsExactly("social", null);
            InboxEntry read = store.list("u", new InboxQuery(10, 0, false), System.currentTimeMillis()).join()
                    .items().get(1);
            assertThat(read.read()).as("V1's read mark still reads").isTrue();
            assertThat(read.seenAtMillis()).as("reading counts as seeing").isEqualTo(read.readAtMillis());
            assertThat(read.archived()).isFalse();
            assertThat(read.actedAtMillis()).as("V5: never acted on").isZero();
            assertThat(read.actionId()).isNull();
            assertThat(store.archive("u", 1, System.currentTimeMillis()).join().unreadCount()).isEqualTo(1);
            assertThat(store.markUnread("u", 1, System.currentTimeMillis()).join().unseenCount()).isEqualTo(1);
        }
    }

    @Test
    void aV3DatabaseGetsCountSnapshotsThatAreExactFromTheFirstRead() throws Exception {
        DataSource db = emptyDatabase();
        Flyway.configure().dataSource(db).locations("classpath:db/" + location()).target("3").load().migrate();
        long now = System.currentTimeMillis();
        long hour = 3_600_000;
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO log_state (id, epoch, head, horizon) VALUES (1, 'v3epoch', 4, 0)");
            String columns = "INSERT INTO items (seq, kind, audience, user_id, event, type, content, created_at,"
                    + " expires_at, category) VALUES ";
            String content = blob("{\"type\":\"t\",\"title\":\"old\"}");
            st.executeUpdate(columns + "(1, 0, 0, 'u', 'notification', 't', " + content + ", " + now + ", "
                    + (now + hour) + ", 'social')");
            st.executeUpdate(columns + "(2, 0, 1, NULL, 'notification', 't', " + content + ", " + now + ", "
                    + (now + 600_000) + ", NULL)");
            st.executeUpdate("INSERT INTO recipients (seq, pos, user_id) VALUES (2, 0, 'u'), (2, 1, 'v')");
            st.executeUpdate(columns + "(3, 0, 2, NULL, 'notification', 't', " + content + ", " + now + ", "
                    + (now + hour) + ", 'social')");
            st.executeUpdate(columns + "(4, 0, 0, 'u', 'notification', 't', " + content + ", " + now + ", "
                    + (now + hour) + ", 'billing')");
            st.executeUpdate("INSERT INTO inbox_users (user_id, read_through_seq, read_through_at, muted_types)"
                    + " VALUES ('u', 0, 0, '[]')");
            st.executeUpdate("INSERT INTO inbox_marks (user_id, seq, read_at, deleted, seen_at, archived_at) VALUES"
                    + " ('u', 1, " + (now - 1000) + ", 0, 0, 0), ('u', 4, 0, 0, 0, " + (now - 500) + ")");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        try (JdbcStore store = (JdbcStore) openStore()) {
            assertThat(CountsChecks.read(store, "u", now).countsSeq()).as("V4 starts without snapshots")
                    .isEqualTo(CountSnapshots.NONE);
            InboxCounts counts = store.counts("u", now).join();
            assertThat(counts.all()).isEqualTo(new InboxCounts.Counts(2, 2, 3));
            assertThat(counts.categories()).containsOnlyKeys("social");
            assertThat(counts.categories().get("social")).isEqualTo(new InboxCounts.Counts(1, 1, 2));
            assertThat(CountsChecks.read(store, "u", now).countsSeq()).as("the first read had it built").isEqualTo(4);
            assertThat(store.counts("u", now).join()).isEqualTo(counts);
            assertThat(store.counts("v", now).join().all()).as("the list item and the broadcast").isEqualTo(new InboxCounts.Counts(2, 2, 2));
            // The list item's recipient rows got its expiry from the migration: it leaves at its expiry.
            long later = now + 600_000;
            assertThat(store.counts("u", later).join()).isEqualTo(RandomInbox.recount(store, "u", later));
            assertThat(store.counts("u", later).join().all()).isEqualTo(new InboxCounts.Counts(1, 1, 2));
            assertThat(store.counts("u", later - 1).join().all()).isEqualTo(new InboxCounts.Counts(2, 2, 3));
            assertThat(store.prune(later).join()).isEqualTo(1);
            assertThat(store.counts("u", later).join().all()).isEqualTo(new InboxCounts.Counts(1, 1, 2));
            assertThat(store.counts("u", now).join().all()).as("removed for good").isEqualTo(new InboxCounts.Counts(1, 1, 2));
        }
    }

    private String blob(String json) {
        StringBuilder hex = new StringBuilder();
        for (byte b : json.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hex.append(String.format("%02x", b));
        }
        return location().equals("postgres") ? "'\\x" + hex + "'::bytea" : "X'" + hex + "'";
    }
}
