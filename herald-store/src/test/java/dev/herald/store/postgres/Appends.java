package dev.herald.store.postgres;

import dev.herald.core.ErrorCode;
import dev.herald.core.HeraldException;
import dev.herald.core.item.Target;
import dev.herald.core.store.Appended;
import dev.herald.core.store.Store;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static dev.herald.core.store.TestItems.notification;
import static org.assertj.core.api.Assertions.assertThat;

/** Appends for tests that cut a store's connections. */
final class Appends {
    private Appends() {
    }

    /**
     * One notification to {@code user}, tried until the store takes it (15 s at most): right after a
     * cut, the pool may still hand out a dead connection and the store refuses writes until its
     * next probe, so a write or two may be refused first, always with {@code store_unavailable}.
     */
    static List<Appended> untilAccepted(Store store, String user) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                return store.append(List.of(notification(Target.user(user), "n"))).join();
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOfSatisfying(HeraldException.class,
                        h -> assertThat(h.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
