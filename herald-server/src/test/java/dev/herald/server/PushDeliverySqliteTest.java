package dev.herald.server;

import dev.herald.server.support.TestHub.StoreKind;

/** {@link PushDeliveryChecks} on the embedded SQLite store. */
class PushDeliverySqliteTest extends PushDeliveryChecks {
    @Override
    protected StoreKind store() {
        return StoreKind.SQLITE;
    }
}
