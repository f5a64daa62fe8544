package dev.herald.server;

import dev.herald.server.support.TestHub.StoreKind;

/** {@link CoalescingChecks} on the embedded SQLite store. */
class CoalescingSqliteTest extends CoalescingChecks {
    @Override
    protected StoreKind store() {
        return StoreKind.SQLITE;
    }
}
