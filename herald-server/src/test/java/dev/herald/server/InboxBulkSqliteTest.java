package dev.herald.server;

import dev.herald.server.support.TestHub.StoreKind;

/** {@link InboxBulkChecks} on the embedded SQLite store. */
class InboxBulkSqliteTest extends InboxBulkChecks {
    @Override
    protected StoreKind store() {
        return StoreKind.SQLITE;
    }
}
