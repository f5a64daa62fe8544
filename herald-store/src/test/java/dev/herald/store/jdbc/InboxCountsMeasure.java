package dev.herald.store.jdbc;

import dev.herald.core.inbox.InboxChange;
import dev.herald.core.inbox.InboxCounts;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.Target;
import dev.herald.core.store.Store;
import dev.herald.core.store.TestItems;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long {@code counts} takes for one user with 100,000 notifications (docs/performance.md): the
 * first call (no snapshot yet), building the snapshot, state changes, steady state, and with 1,000
 * notifications newer than the snapshot.
 * Prints timings and asserts only that the counts are right: a timing never fails a build. Opt in
 * with {@code -Dherald.measure=true} (it writes 100,000 rows); otherwise it skips.
 */
public abstract class InboxCountsMeasure {
    static final int NOTIFICATIONS = 100_000;

    protected abstract Store open();

    protected abstract String name();

    @Test
    void countsOfOneUserWithAHundredThousandNotifications() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("herald.measure"),
                "a measurement: run with -Dherald.measure=true");
        try (JdbcStore store = (JdbcStore) open()) {
            append(store, NOTIFICATIONS, "n");
            store.append(List.of(TestItems.tagged(Target.user("small"), "one", "even"))).join();

            // No snapshot yet: the first call recounts the whole inbox and has the writer build one.
            long t0 = System.nanoTime();
            InboxCounts counts = store.counts("big", System.currentTimeMillis()).join();
            long firstMicros = (System.nanoTime() - t0) / 1000;
            assertThat(counts.all()).isEqualTo(new InboxCounts.Counts(NOTIFICATIONS, NOTIFICATIONS, NOTIFICATIONS));
            t0 = System.nanoTime();
            long countsSeq = CountsChecks.countsSeq(store, "big");
            long buildMicros = (System.nanoTime() - t0) / 1000;
            assertThat(countsSeq).as("the snapshot was built").isPositive();

            long head = store.bounds().join().head();
            long[] changeMicros = new long[6];
            for (int i = 0; i < changeMicros.length; i++) {
                long t = System.nanoTime();
                InboxChange change = i % 2 == 0 ? store.markRead("big", head - 1 - i, System.currentTimeMillis()).join()
                        : store.archive("big", head - 1 - i, System.currentTimeMillis()).join();
                changeMicros[i] = (System.nanoTime() - t) / 1000;
                assertThat(change.found()).isTrue();
            }
            long[] steadyMicros = time(store, "big", 5);
            counts = store.counts("big", System.currentTimeMillis()).join();
            assertThat(counts.all()).isEqualTo(new InboxCounts.Counts(NOTIFICATIONS - 6, NOTIFICATIONS - 6, NOTIFICATIONS - 3));
            long[] smallMicros = time(store, "small", 5);
            assertThat(store.counts("small", System.currentTimeMillis()).join().all())
                    .isEqualTo(new InboxCounts.Counts(1, 1, 1));
            long[] unreadMicros = new long[5];
            for (int i = 0; i < unreadMicros.length; i++) {
                long t = System.nanoTime();
                store.unreadCount("big", System.currentTimeMillis()).join();
                unreadMicros[i] = (System.nanoTime() - t) / 1000;
            }

            // 1,000 new notifications since the snapshot, read live beside it; the read walks them (and
            // one sync item), which is past the threshold: it has the writer fold them in afterwards.
            long[] newerMicros = new long[5];
            for (int round = 0; round < newerMicros.length; round++) {
                append(store, 1000, "late" + round + "-");
                long t = System.nanoTime();
                counts = store.counts("big", System.currentTimeMillis()).join();
                newerMicros[round] = (System.nanoTime() - t) / 1000;
                assertThat(counts.all().total()).isEqualTo(NOTIFICATIONS - 3 + 1000 * (round + 1));
                long folded = CountsChecks.countsSeq(store, "big");
                assertThat(folded).as("folded in").isEqualTo(store.bounds().join().head());
            }
            long[] afterFoldMicros = time(store, "big", 5);
            System.out.printf("MEASURE %s counts(100k user) ms: first (no snapshot) %s, building the snapshot %s"
                            + " | markRead/archive %s | steady %s | with 1,000 newer %s | after folding %s"
                            + " | counts(1-item user) %s | unreadCount(100k) %s%n",
                    name(), ms(new long[]{firstMicros}), ms(new long[]{buildMicros}), ms(changeMicros), ms(steadyMicros),
                    ms(newerMicros), ms(afterFoldMicros), ms(smallMicros), ms(unreadMicros));
        }
    }

    private static void append(Store store, int n, String title) {
        for (int done = 0; done < n; ) {
            List<NewItem> batch = new ArrayList<>();
            for (int i = 0; i < 1000 && done < n; i++, done++) {
                batch.add(TestItems.tagged(Target.user("big"), title + done, done % 2 == 0 ? "even" : "odd"));
            }
            store.append(batch).join();
        }
    }

    private static long[] time(Store store, String user, int runs) {
        long[] out = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            store.counts(user, System.currentTimeMillis()).join();
            out[i] = (System.nanoTime() - t0) / 1000;
        }
        return out;
    }

    private static String ms(long[] micros) {
        StringBuilder sb = new StringBuilder();
        for (long m : micros) {
            sb.append(sb.isEmpty() ? "" : " ").append(String.format("%.1f", m / 1000.0));
        }
        return sb.toString();
    }
}
