package dev.herald.core.store;

import java.time.Duration;

/**
 * What every store needs to know besides where its data lives.
 *
 * @param syncRetention     how long sync items (read/delete/preferences) stay replayable; the same as
 *                          custom events (HERALD_EVENT_RETENTION, default 5 minutes)
 * @param idempotencyWindow how long publish idempotency keys are remembered (24 hours)
 */
public record StoreOptions(Duration syncRetention, Duration idempotencyWindow) {
    public static StoreOptions defaults() {
        return new StoreOptions(Duration.ofMinutes(5), Duration.ofHours(24));
    }

    public StoreOptions withSyncRetention(Duration retention) {
        return new StoreOptions(retention, idempotencyWindow);
    }

    public StoreOptions withIdempotencyWindow(Duration window) {
        return new StoreOptions(syncRetention, window);
    }
}
