package dev.herald.server;

import dev.herald.server.support.TestHub.StoreKind;

/** {@link NotificationFieldsChecks} on the embedded SQLite store. */
class NotificationFieldsSqliteTest extends NotificationFieldsChecks {
    @Override
    protected StoreKind store() {
        return StoreKind.SQLITE;
    }
}
