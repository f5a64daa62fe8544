package dev.herald.server;

import dev.herald.server.support.TestHub.StoreKind;

/** {@link ExactNumbersChecks} on the embedded SQLite store. */
class ExactNumbersSqliteTest extends ExactNumbersChecks {
    @Override
    protected StoreKind store() {
        return StoreKind.SQLITE;
    }
}
