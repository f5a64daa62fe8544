package dev.herald.server;

import dev.herald.server.support.TestHub.StoreKind;

/** {@link InboxApiChecks} on the embedded SQLite store. */
class InboxApiSqliteTest extends InboxApiChecks {
    @Override
    protected StoreKind store() {
        return StoreKind.SQLITE;
    }
}
