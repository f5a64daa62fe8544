package dev.herald.core.store;

import dev.herald.core.push.PushSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of {@link dev.herald.core.push.PushSubscriptions}: an endpoint belongs to the user
 * who saved it last, the per-user cap drops the oldest, users see and delete only their own, and
 * a gone endpoint is forgotten whoever holds it. Every store runs it.
 */
public abstract class PushSubscriptionsContract {
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

    private static PushSubscription sub(String user, String id, long at) {
        return new PushSubscription(user, ENDPOINT + id, "key-" + id, "auth-" + id, at);
    }

    @Test
    void savedSubscriptionsAreListedOldestFirstPerUser() {
        Store store = store();
        store.savePushSubscription(sub("alice", "b", 2000), 10).join();
        store.savePushSubscription(sub("alice", "a", 1000), 10).join();
        store.savePushSubscription(sub("bob", "c", 1500), 10).join();

        assertThat(store.pushSubscriptions("alice").join())
                .containsExactly(sub("alice", "a", 1000), sub("alice", "b", 2000));
        assertThat(store.pushSubscriptions("bob").join()).containsExactly(sub("bob", "c", 1500));
        assertThat(store.pushSubscriptions("carol").join()).isEmpty();
    }

    @Test
    void aBulkReadMapsEachAskedUserWithSubscriptionsToThemOldestFirst() {
        Store store = store();
        store.savePushSubscription(sub("alice", "b", 2000), 10).join();
        store.savePushSubscription(sub("alice", "a", 1000), 10).join();
        store.savePushSubscription(sub("bob", "c", 1500), 10).join();
        store.savePushSubscription(sub("dave", "d", 1200), 10).join();

        Map<String, List<PushSubscription>> got = store.pushSubscriptionsOf(List.of("alice", "bob", "carol", "alice")).join();

        assertThat(got).containsOnlyKeys("alice", "bob");
        assertThat(got.get("alice")).containsExactly(sub("alice", "a", 1000), sub("alice", "b", 2000));
        assertThat(got.get("bob")).containsExactly(sub("bob", "c", 1500));
        assertThat(store.pushSubscriptionsOf(List.of()).join()).isEmpty();
    }

    @Test
    void aBulkReadOfMoreUsersThanOneQueryTakesFindsThemAll() {
        Store store = store();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            users.add("user-" + i);
        }
        // Past SQLite's oldest limit of 999 variables and any chunk size a store may choose below it.
        for (int i : new int[] {0, 998, 999, 1500, 2499}) {
            store.savePushSubscription(sub("user-" + i, "e" + i, 1000 + i), 10).join();
        }

        Map<String, List<PushSubscription>> got = store.pushSubscriptionsOf(users).join();

        assertThat(got).containsOnlyKeys("user-0", "user-998", "user-999", "user-1500", "user-2499");
        assertThat(got.get("user-1500")).containsExactly(sub("user-1500", "e1500", 2500));
    }

    @Test
    void savingAnEndpointAgainMovesItToTheLastUserWithTheNewKeys() {
        Store store = store();
        store.savePushSubscription(sub("alice", "a", 1000), 10).join();
        PushSubscription moved = new PushSubscription("bob", ENDPOINT + "a", "new-key", "new-auth", 3000);

        assertThat(store.savePushSubscription(moved, 10).join()).isEqualTo(moved);

        assertThat(store.pushSubscriptions("alice").join()).isEmpty();
        assertThat(store.pushSubscriptions("bob").join()).containsExactly(moved);
    }

    @Test
    void aSavePastTheCapRemovesTheUsersOldest() {
        Store store = store();
        store.savePushSubscription(sub("alice", "a", 1000), 2).join();
        store.savePushSubscription(sub("alice", "b", 2000), 2).join();
        store.savePushSubscription(sub("bob", "x", 500), 2).join();
        store.savePushSubscription(sub("alice", "c", 3000), 2).join();

        assertThat(store.pushSubscriptions("alice").join())
                .containsExactly(sub("alice", "b", 2000), sub("alice", "c", 3000));
        assertThat(store.pushSubscriptions("bob").join()).containsExactly(sub("bob", "x", 500));
    }

    @Test
    void aUserDeletesOnlyTheirOwn() {
        Store store = store();
        store.savePushSubscription(sub("alice", "a", 1000), 10).join();

        assertThat(store.deletePushSubscription("bob", ENDPOINT + "a").join()).isFalse();
        assertThat(store.pushSubscriptions("alice").join()).hasSize(1);
        assertThat(store.deletePushSubscription("alice", ENDPOINT + "a").join()).isTrue();
        assertThat(store.pushSubscriptions("alice").join()).isEmpty();
        assertThat(store.deletePushSubscription("alice", ENDPOINT + "a").join()).isFalse();
    }

    @Test
    void anyIsTrueExactlyWhileSomeUserHasASubscription() {
        Store store = store();
        assertThat(store.anyPushSubscriptions().join()).isFalse();
        store.savePushSubscription(sub("alice", "a", 1000), 10).join();
        assertThat(store.anyPushSubscriptions().join()).isTrue();
        store.deletePushSubscription("alice", ENDPOINT + "a").join();
        assertThat(store.anyPushSubscriptions().join()).isFalse();
    }

    @Test
    void aGoneEndpointIsForgottenWhoeverHoldsIt() {
        Store store = store();
        store.savePushSubscription(sub("alice", "a", 1000), 10).join();
        store.savePushSubscription(sub("alice", "b", 2000), 10).join();

        assertThat(store.forgetPushEndpoint(ENDPOINT + "a").join()).isTrue();
        assertThat(store.forgetPushEndpoint(ENDPOINT + "a").join()).isFalse();
        assertThat(store.pushSubscriptions("alice").join()).containsExactly(sub("alice", "b", 2000));
    }
}
