package dev.herald.server;

import dev.herald.server.support.TestHub.StoreKind;

/** {@link DigestChecks} on the embedded SQLite store. */
class DigestSqliteTest extends DigestChecks {
    @Override
    protected StoreKind store() {
        return StoreKind.SQLITE;
    }
}
