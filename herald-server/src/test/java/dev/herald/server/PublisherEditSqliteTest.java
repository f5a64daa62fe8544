package dev.herald.server;

import dev.herald.server.support.TestHub.StoreKind;

/** {@link PublisherEditChecks} on the embedded SQLite store. */
class PublisherEditSqliteTest extends PublisherEditChecks {
    @Override
    protected StoreKind store() {
        return StoreKind.SQLITE;
    }
}
