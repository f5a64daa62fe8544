package dev.herald.core.store;

import dev.herald.core.push.PendingPush;
import dev.herald.core.push.PushSubscription;
import dev.herald.core.push.PushUrgency;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of {@link dev.herald.core.push.PushQueue}: the cursor moves by compare-and-set with
 * its pushes, a push has one claimer per lease, a dead claimer's lease runs out, orphans are dropped,
 * retries come back when due. Every store runs it.
 */
public abstract class PushQueueContract {
    private static final String ENDPOINT = "https://push.example/send/";
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

    private static PendingPush push(String user, String endpoint, long seq, long at) {
        return new PendingPush(0, new PushSubscription(user, ENDPOINT + endpoint, null, null, 0), seq,
                ("{\"n\":" + seq + "}").getBytes(StandardCharsets.UTF_8), at + 60_000, PushUrgency.HIGH, "t" + seq, 0, at);
    }

    private static Store withSubscription(Store store, String user, String endpoint) {
        store.savePushSubscription(new PushSubscription(user, ENDPOINT + endpoint, "key", "auth", 5), 20).join();
        return store;
    }

    @Test
    void theCursorMovesOnlyFromWhereItIsWithItsPushes() {
        Store store = withSubscription(store(), "ann", "a");
        assertThat(store.pushCursor().join()).isEqualTo(-1);
        assertThat(store.enqueuePushes(-1, 10, List.of()).join()).isTrue();
        assertThat(store.enqueuePushes(-1, 12, List.of(push("ann", "a", 11, 1000))).join()).isFalse();
        assertThat(store.enqueuePushes(5, 12, List.of(push("ann", "a", 11, 1000))).join()).isFalse();
        assertThat(store.pushCursor().join()).isEqualTo(10);
        assertThat(store.pushQueueDepth().join()).isZero();

        assertThat(store.enqueuePushes(10, 12, List.of(push("ann", "a", 11, 1000))).join()).isTrue();
        assertThat(store.pushCursor().join()).isEqualTo(12);
        assertThat(store.pushQueueDepth().join()).isEqualTo(1);
    }

    @Test
    void aClaimedPushCarriesTheSubscriptionAndHasOneClaimerUntilItsLeaseEnds() {
        Store store = withSubscription(store(), "ann", "a");
        store.enqueuePushes(-1, 3, List.of(push("ann", "a", 2, 1000), push("ann", "a", 3, 1000))).join();

        List<PendingPush> first = store.claimPushes("node-1", 2000, 30_000, 10).join();
        assertThat(first).extracting(PendingPush::seq).containsExactly(2L, 3L);
        PendingPush p = first.get(0);
        assertThat(p.to()).isEqualTo(new PushSubscription("ann", ENDPOINT + "a", "key", "auth", 5));
        assertThat(new String(p.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":2}");
        assertThat(p.urgency()).isEqualTo(PushUrgency.HIGH);
        assertThat(p.topic()).isEqualTo("t2");
        assertThat(p.expiresAtMillis()).isEqualTo(61_000);
        assertThat(p.enqueuedAtMillis()).isEqualTo(1000);

        assertThat(store.claimPushes("node-2", 2000 + 29_999, 30_000, 10).join()).isEmpty();
        // node-1 died: its lease runs out and the pushes come back.
        assertThat(store.claimPushes("node-2", 2000 + 30_000, 30_000, 1).join()).extracting(PendingPush::seq)
                .containsExactly(2L);
    }

    @Test
    void finishedPushesAreGoneAndRetriedOnesComeBackWhenDue() {
        Store store = withSubscription(store(), "ann", "a");
        store.enqueuePushes(-1, 3, List.of(push("ann", "a", 2, 1000), push("ann", "a", 3, 1000))).join();
        List<PendingPush> claimed = store.claimPushes("n", 1000, 30_000, 10).join();
        store.finishPush(claimed.get(0).id()).join();
        store.retryPush(claimed.get(1).id(), 1, 5000).join();

        assertThat(store.pushQueueDepth().join()).isEqualTo(1);
        assertThat(store.claimPushes("n", 4999, 30_000, 10).join()).isEmpty();
        List<PendingPush> again = store.claimPushes("n", 5000, 30_000, 10).join();
        assertThat(again).extracting(PendingPush::seq).containsExactly(3L);
        assertThat(again.get(0).attempts()).isEqualTo(1);
    }

    @Test
    void aPushWhoseSubscriptionIsGoneOrMovedIsDroppedUnsent() {
        Store store = withSubscription(withSubscription(store(), "ann", "a"), "ann", "b");
        store.enqueuePushes(-1, 3, List.of(push("ann", "a", 2, 1000), push("ann", "b", 3, 1000))).join();
        store.deletePushSubscription("ann", ENDPOINT + "a").join();
        store.savePushSubscription(new PushSubscription("ben", ENDPOINT + "b", "k", "a", 9), 20).join();

        assertThat(store.claimPushes("n", 2000, 30_000, 10).join()).isEmpty();
        assertThat(store.pushQueueDepth().join()).isZero();
    }
}
