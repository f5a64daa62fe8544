package dev.herald.store.jdbc;

import dev.herald.core.inbox.InboxBulk;
import dev.herald.core.inbox.InboxBulk.Action;
import dev.herald.core.inbox.InboxBulk.Filter;
import dev.herald.core.inbox.InboxBulkChange;
import dev.herald.core.item.NewItem;
import dev.herald.core.item.Target;
import dev.herald.core.store.Store;
import dev.herald.core.store.TestItems;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long a bulk change on "all" takes for one user with 100,000 notifications, half of them
 * broadcasts (the writer is busy for that long). Prints timings and asserts only the outcome: a
 * timing never fails a build. Opt in with {@code -Dherald.measure=true}; otherwise it skips.
 */
public abstract class InboxBulkMeasure {
    static final int NOTIFICATIONS = 100_000;

    protected abstract Store open();

    protected abstract String name();

    @Test
    void bulkOnAllOfAHundredThousandNotifications() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("herald.measure"),
                "a measurement: run with -Dherald.measure=true");
        try (Store store = open()) {
            for (int done = 0; done < NOTIFICATIONS; ) {
                List<NewItem> batch = new ArrayList<>();
                for (int i = 0; i < 1000; i++, done++) {
                    batch.add(TestItems.tagged(done % 2 == 0 ? Target.everyone() : Target.user("big"), "n" + done,
                            done % 4 < 2 ? "even" : "odd"));
                }
                store.append(batch).join();
            }
            long t0 = System.nanoTime();
            InboxBulkChange seen = store.bulk("big", InboxBulk.all(Action.SEEN, new Filter("even", null, null)),
                    System.currentTimeMillis()).join();
            long seenMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(seen.changed()).isEqualTo(NOTIFICATIONS / 2);
            t0 = System.nanoTime();
            InboxBulkChange read = store.bulk("big", InboxBulk.all(Action.READ, Filter.NONE), System.currentTimeMillis()).join();
            long readMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(read.changed()).isEqualTo(NOTIFICATIONS);
            assertThat(read.unreadCount()).isZero();
            System.out.printf("MEASURE %s bulk seen all of a category (50k changed) ms: %d | bulk read all (100k changed) ms: %d%n",
                    name(), seenMs, readMs);
        }
    }
}
