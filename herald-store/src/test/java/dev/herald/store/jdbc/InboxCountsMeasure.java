package dev.herald.store.jdbc;

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
 * How long {@code counts} takes for one user with 100,000 notifications (docs/performance.md).
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
        try (Store store = open()) {
            for (int done = 0; done < NOTIFICATIONS; ) {
                List<NewItem> batch = new ArrayList<>();
                for (int i = 0; i < 1000; i++, done++) {
                    batch.add(TestItems.tagged(Target.user("big"), "n" + done, done % 2 == 0 ? "even" : "odd"));
                }
                store.append(batch).join();
            }
            long head = store.bounds().join().head();
            store.markRead("big", head, System.currentTimeMillis()).join();
            store.archive("big", head - 1, System.currentTimeMillis()).join();
            store.append(List.of(TestItems.tagged(Target.user("small"), "one", "even"))).join();

            InboxCounts counts = null;
            long[] bigMicros = time(store, "big", 5);
            counts = store.counts("big", System.currentTimeMillis()).join();
            assertThat(counts.all()).isEqualTo(new InboxCounts.Counts(NOTIFICATIONS - 2, NOTIFICATIONS - 2, NOTIFICATIONS - 1));
            long[] smallMicros = time(store, "small", 5);
            assertThat(store.counts("small", System.currentTimeMillis()).join().all())
                    .isEqualTo(new InboxCounts.Counts(1, 1, 1));
            long[] unreadMicros = new long[5];
            for (int i = 0; i < unreadMicros.length; i++) {
                long t0 = System.nanoTime();
                store.unreadCount("big", System.currentTimeMillis()).join();
                unreadMicros[i] = (System.nanoTime() - t0) / 1000;
            }
            System.out.printf("MEASURE %s counts(100k user) ms: %s | counts(1-item user) ms: %s | unreadCount(100k) ms: %s%n",
                    name(), ms(bigMicros), ms(smallMicros), ms(unreadMicros));
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
