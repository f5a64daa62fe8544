package dev.herald.server;

import dev.herald.server.support.TestHub.StoreKind;

/** {@link InboxStateChecks} on the embedded SQLite store. */
class InboxStateSqliteTest extends InboxStateChecks {
    @Override
    protected StoreKind store() {
        return StoreKind.SQLITE;
    }
}
