package dev.herald.store.jdbc;

import dev.herald.core.inbox.InboxCounts;
import dev.herald.core.item.Target;
import dev.herald.core.store.TestItems;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Count snapshots keep the counts exact (against a brute-force recount from the list pages) and
 * cheap (a read walks only what is newer than the snapshot). Run per store by a subclass.
 */
public abstract class CountsChecks {
    /** Random steps per run; the seed is printed on failure and can be replayed with -Dherald.countsSeed. */
    private static final int STEPS = 400;

    /** A store on a fresh, empty database. */
    protected abstract JdbcStore fresh();

    /** Another store on the database {@link #fresh()} made last (a restart once the first is closed). */
    protected abstract JdbcStore again();

    @Test
    void randomOperationsKeepEveryCountExact() {
        long seed = Long.getLong("herald.countsSeed", new Random().nextLong());
        RandomInbox inbox = null;
        try (JdbcStore store = fresh()) {
            inbox = new RandomInbox(store, new Random(seed), System.currentTimeMillis());
            for (int step = 0; step < STEPS; step++) {
                inbox.step();
                inbox.checkAll();
            }
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("counts diverged with seed " + seed + " (replay: -Dherald.countsSeed=" + seed
                    + "); last operations:\n  " + (inbox == null ? "" : inbox.recent()) + "\n" + e.getMessage(), e);
        }
    }

    @Test
    void aReadBuildsTheSnapshotLaterReadsUseItAndItOutlivesARestart() {
        long now = System.currentTimeMillis();
        long countsSeq;
        try (JdbcStore store = fresh()) {
            List<dev.herald.core.item.NewItem> items = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                items.add(TestItems.categorized(i % 3 == 0 ? Target.everyone() : Target.user("u"), "n" + i,
                        i % 2 == 0 ? "social" : null));
            }
            store.append(items).join();
            assertThat(read(store, "u", now).countsSeq()).as("no snapshot before the first read").isEqualTo(CountSnapshots.NONE);

            InboxCounts first = store.counts("u", now).join();
            assertThat(first.all()).isEqualTo(new InboxCounts.Counts(30, 30, 30));
            // The read asked the writer to build it; the writer runs ops in order, so it is there now.
            CountSnapshots.Read built = read(store, "u", now);
            countsSeq = built.countsSeq();
            assertThat(countsSeq).as("built up to the head").isEqualTo(store.bounds().join().head());
            assertThat(built.newerRows()).as("nothing walked past it").isZero();
            assertThat(built.counts()).isEqualTo(first);

            store.append(List.of(TestItems.categorized(Target.user("u"), "late", "social"),
                    TestItems.categorized(Target.user("other"), "not u's", "social"))).join();
            CountSnapshots.Read later = read(store, "u", now);
            assertThat(later.countsSeq()).isEqualTo(countsSeq);
            assertThat(later.newerRows()).as("only u's new row is walked").isEqualTo(1);
            assertThat(later.counts().categories().get("social").total()).isEqualTo(16);
            assertThat(store.counts("u", now).join()).isEqualTo(RandomInbox.recount(store, "u", now));
            store.markRead("u", 2, now).join();
            countsSeq = read(store, "u", now).countsSeq();
        }
        try (JdbcStore store = again()) {
            CountSnapshots.Read reopened = read(store, "u", now);
            assertThat(reopened.countsSeq()).as("the snapshot is durable").isEqualTo(countsSeq);
            assertThat(reopened.counts()).isEqualTo(RandomInbox.recount(store, "u", now));
            assertThat(reopened.counts().all()).isEqualTo(new InboxCounts.Counts(30, 30, 31));
        }
    }

    @Test
    void manyNotificationsPastTheSnapshotAreFoldedIn() {
        long now = System.currentTimeMillis();
        try (JdbcStore store = fresh()) {
            store.append(List.of(TestItems.notification(Target.user("u"), "first"))).join();
            store.counts("u", now).join();
            long builtAt = read(store, "u", now).countsSeq();
            for (int done = 0; done <= CountSnapshots.FOLD_AFTER; ) {
                List<dev.herald.core.item.NewItem> batch = new ArrayList<>();
                for (int i = 0; i < 200; i++, done++) {
                    batch.add(TestItems.notification(Target.user("u"), "n" + done));
                }
                store.append(batch).join();
            }
            assertThat(read(store, "u", now).newerRows()).isGreaterThan(CountSnapshots.FOLD_AFTER);
            InboxCounts counts = store.counts("u", now).join();
            CountSnapshots.Read folded = read(store, "u", now);
            assertThat(folded.countsSeq()).as("advanced to the head").isGreaterThan(builtAt)
                    .isEqualTo(store.bounds().join().head());
            assertThat(folded.newerRows()).isZero();
            assertThat(folded.counts()).isEqualTo(counts).isEqualTo(RandomInbox.recount(store, "u", now));
        }
    }

    /** The position of the user's snapshot ({@link CountSnapshots#NONE} if none), after every op queued before. */
    public static long countsSeq(JdbcStore store, String user) {
        return read(store, user, System.currentTimeMillis()).countsSeq();
    }

    /** The counts by walking every list page (no snapshot involved). */
    public static InboxCounts recount(JdbcStore store, String user, long now) {
        return RandomInbox.recount(store, user, now);
    }

    /** The snapshot's read as the store makes it, inside a writer op (so after every op queued before). */
    static CountSnapshots.Read read(JdbcStore store, String user, long now) {
        return store.write(tx -> CountSnapshots.read(tx.connection(), user, now)).join();
    }
}
