package dev.herald.core.store;

import static org.assertj.core.api.Assertions.assertThat;

/** Waiting for a store's state in tests: by polling the condition, never by a fixed sleep. */
public final class StoreWaits {
    private StoreWaits() {
    }

    /** Waits (up to 10 s) until the store reports no outage, with no write from the test: its own probe ends it. */
    public static void awaitWritesTakenAgain(Store store) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (store.unavailableReason() != null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(store.unavailableReason()).as("the outage ended by itself").isNull();
    }
}
