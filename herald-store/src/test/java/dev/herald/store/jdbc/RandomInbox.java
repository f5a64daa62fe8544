package dev.herald.store.jdbc;

import dev.herald.core.inbox.InboxBulk;
import dev.herald.core.inbox.InboxBulkChange;
import dev.herald.core.inbox.InboxChange;
import dev.herald.core.inbox.InboxCounts;
import dev.herald.core.inbox.InboxEntry;
import dev.herald.core.inbox.InboxPage;
import dev.herald.core.inbox.InboxQuery;
import dev.herald.core.item.ItemKind;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.Target;
import dev.herald.core.store.Appended;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random inbox operations on a few users of a {@link JdbcStore}, with a brute-force recount from the
 * list pages to compare the counts with: publishes (direct, list, broadcast; short and long expiries;
 * events among them), every per-notification change, "read all", retention, time moving forward,
 * and the snapshot hooks other writer ops call (retraction, recategorization, forget).
 */
final class RandomInbox {
    static final String[] USERS = {"u0", "u1", "u2", "u3"};
    private static final String[] CATEGORIES = {null, "alerts", "social", "billing"};

    private final JdbcStore store;
    private final Random random;
    private final List<Long> seqs = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private long now;

    RandomInbox(JdbcStore store, Random random, long now) {
        this.store = store;
        this.random = random;
        this.now = now;
    }

    long now() {
        return now;
    }

    /** The last operations, for a failure message. */
    String recent() {
        return String.join("\n  ", log.subList(Math.max(0, log.size() - 12), log.size()));
    }

    /** One random operation; a change's reported counts must equal the recount right after it. */
    void step() {
        int dice = random.nextInt(100);
        String user = USERS[random.nextInt(USERS.length)];
        if (dice < 30 || seqs.isEmpty()) {
            publish();
        } else if (dice < 68) {
            change(user, seqs.get(random.nextInt(seqs.size())));
        } else if (dice < 71) {
            long seq = seqs.get(random.nextInt(seqs.size()));
            note("act " + user + " " + seq);
            InboxChange acted = store.act(user, seq, "ok", now).join();
            if (acted.found()) {
                checkChange(user, acted);
            }
        } else if (dice < 75) {
            bulk(user);
        } else if (dice < 79) {
            note("readAll " + user);
            checkChange(user, store.markAllRead(user, now).join());
        } else if (dice < 85) {
            note("prune @" + now + " removed " + store.prune(now).join());
        } else if (dice < 93) {
            long by = random.nextInt(4) == 0 ? 30_000 : random.nextInt(8_000);
            now += by;
            note("time +" + by);
        } else if (dice < 96) {
            retract(seqs.get(random.nextInt(seqs.size())));
        } else if (dice < 99) {
            recategorize(seqs.get(random.nextInt(seqs.size())), CATEGORIES[random.nextInt(CATEGORIES.length)]);
        } else {
            note("forget " + user);
            store.write(tx -> {
                CountSnapshots.forget(tx.connection(), user);
                return null;
            }).join();
        }
    }

    private void publish() {
        List<NewItem> batch = new ArrayList<>();
        int n = 1 + random.nextInt(random.nextInt(5) == 0 ? 6 : 2);
        for (int i = 0; i < n; i++) {
            int audience = random.nextInt(4);
            Target target = switch (audience) {
                case 0, 1 -> Target.user(USERS[random.nextInt(USERS.length)]);
                case 2 -> Target.users(List.of(USERS[random.nextInt(USERS.length)], USERS[random.nextInt(USERS.length)],
                        USERS[random.nextInt(USERS.length)]));
                default -> Target.everyone();
            };
            long ttl = random.nextInt(3) == 0 ? 1_000 + random.nextInt(30_000) : 3_600_000;
            boolean event = random.nextInt(8) == 0;
            String category = event ? null : CATEGORIES[random.nextInt(CATEGORIES.length)];
            String actions = random.nextBoolean() ? ",\"actions\":[{\"id\":\"ok\",\"label\":\"OK\"}]" : "";
            byte[] content = ("{\"title\":\"n\",\"category\":" + (category == null ? "null" : "\"" + category + "\"")
                    + actions + "}")
                    .getBytes(StandardCharsets.UTF_8);
            batch.add(new NewItem(event ? ItemKind.EVENT : ItemKind.NOTIFICATION, target, event ? "e" : "notification",
                    event ? null : "t", category, content, now, now + ttl, null, System.nanoTime()));
        }
        for (Appended a : store.append(batch).join()) {
            seqs.add(a.item().seq());
            note("publish " + a.item().seq() + " " + a.item().target() + " " + a.item().category() + " until "
                    + a.item().expiresAtMillis());
        }
    }

    /** A bulk change by a few ids (some not the user's) or on all, with a random filter. */
    private void bulk(String user) {
        InboxBulk.Action action = InboxBulk.Action.values()[random.nextInt(InboxBulk.Action.values().length)];
        InboxBulk bulk;
        if (random.nextBoolean()) {
            List<Long> ids = new ArrayList<>();
            for (int i = 1 + random.nextInt(5); i > 0; i--) {
                long seq = seqs.get(random.nextInt(seqs.size()));
                if (!ids.contains(seq)) {
                    ids.add(seq);
                }
            }
            bulk = InboxBulk.ids(action, ids);
        } else {
            Boolean[] flags = {null, true, false};
            bulk = InboxBulk.all(action, new InboxBulk.Filter(CATEGORIES[random.nextInt(CATEGORIES.length)],
                    flags[random.nextInt(3)], flags[random.nextInt(3)]));
        }
        note("bulk " + user + " " + bulk);
        InboxBulkChange change = store.bulk(user, bulk, now).join();
        InboxCounts expected = recount(store, user, now);
        assertThat(change.unreadCount()).as("bulk unread").isEqualTo(expected.all().unread());
        assertThat(change.unseenCount()).as("bulk unseen").isEqualTo(expected.all().unseen());
    }

    private void change(String user, long seq) {
        int which = random.nextInt(6);
        note(List.of("seen", "read", "unread", "archive", "unarchive", "delete").get(which) + " " + user + " " + seq);
        InboxChange change = switch (which) {
            case 0 -> store.markSeen(user, seq, now).join();
            case 1 -> store.markRead(user, seq, now).join();
            case 2 -> store.markUnread(user, seq, now).join();
            case 3 -> store.archive(user, seq, now).join();
            case 4 -> store.unarchive(user, seq, now).join();
            default -> store.delete(user, seq, now).join();
        };
        if (change.found()) {
            checkChange(user, change);
        }
    }

    /** What PATCH/DELETE of a publisher would do to the snapshots: the hooks, then the rows. */
    private void retract(long seq) {
        note("retract " + seq);
        store.write(tx -> {
            CountSnapshots.itemRemoved(tx.connection(), seq);
            for (String table : new String[]{"recipients", "inbox_marks", "items"}) {
                try (PreparedStatement ps = tx.connection().prepareStatement("DELETE FROM " + table + " WHERE seq = ?")) {
                    ps.setLong(1, seq);
                    ps.executeUpdate();
                }
            }
            return null;
        }).join();
    }

    private void recategorize(long seq, String category) {
        note("recategorize " + seq + " " + category);
        store.write(tx -> {
            String old = null;
            try (PreparedStatement ps = tx.connection().prepareStatement("SELECT category FROM items WHERE seq = ?")) {
                ps.setLong(1, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    old = rs.getString(1);
                }
            }
            CountSnapshots.itemRecategorized(tx.connection(), seq, old, category);
            try (PreparedStatement ps = tx.connection().prepareStatement("UPDATE items SET category = ? WHERE seq = ?")) {
                ps.setString(1, category);
                ps.setLong(2, seq);
                ps.executeUpdate();
            }
            return null;
        }).join();
    }

    private void checkChange(String user, InboxChange change) {
        InboxCounts expected = recount(store, user, now);
        assertThat(change.counts()).as("the counts a change reports (and its sync item carries)").isEqualTo(expected);
        assertThat(change.unreadCount()).isEqualTo(expected.all().unread());
        assertThat(change.unseenCount()).isEqualTo(expected.all().unseen());
    }

    /** Every user's counts equal the recount. */
    void checkAll() {
        for (String user : USERS) {
            assertThat(store.counts(user, now).join()).as("counts of " + user).isEqualTo(recount(store, user, now));
        }
    }

    private void note(String what) {
        log.add(what);
    }

    /** The counts by walking every list page of the inbox (archive excluded): no snapshot involved. */
    static InboxCounts recount(JdbcStore store, String user, long now) {
        Map<String, InboxCounts.Counts> byCategory = new HashMap<>();
        InboxCounts.Counts none = InboxCounts.Counts.NONE;
        long before = 0;
        do {
            InboxPage page = store.list(user, new InboxQuery(InboxQuery.MAX_LIMIT, before, false), now).join();
            for (InboxEntry e : page.items()) {
                InboxCounts.Counts one = new InboxCounts.Counts(e.read() ? 0 : 1, e.seen() ? 0 : 1, 1);
                if (e.item().category() == null) {
                    none = none.plus(one);
                } else {
                    byCategory.merge(e.item().category(), one, InboxCounts.Counts::plus);
                }
            }
            before = page.nextBefore();
        } while (before != 0);
        return InboxCounts.of(byCategory, none);
    }
}
