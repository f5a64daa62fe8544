package dev.herald.server;

import dev.herald.server.support.TestHub.StoreKind;

/** {@link WellFormedTextChecks} on the embedded SQLite store. */
class WellFormedTextSqliteTest extends WellFormedTextChecks {
    @Override
    protected StoreKind store() {
        return StoreKind.SQLITE;
    }
}
