package dev.herald.store.jdbc;

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
 * this code: V2, V3 and V5 are applied, what V1 stored reads back unchanged, and the new columns work.
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

    private String blob(String json) {
        StringBuilder hex = new StringBuilder();
        for (byte b : json.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hex.append(String.format("%02x", b));
        }
        return location().equals("postgres") ? "'\\x" + hex + "'::bytea" : "X'" + hex + "'";
    }
}
