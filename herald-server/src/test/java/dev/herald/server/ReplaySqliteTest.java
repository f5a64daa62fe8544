package dev.herald.server;

import dev.herald.server.support.TestHub.StoreKind;

/** {@link ReplayChecks} on the embedded SQLite store. */
class ReplaySqliteTest extends ReplayChecks {
    @Override
    protected StoreKind store() {
        return StoreKind.SQLITE;
    }
}
