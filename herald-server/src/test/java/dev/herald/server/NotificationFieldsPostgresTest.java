package dev.herald.server;

import dev.herald.server.support.TestHub.StoreKind;
import dev.herald.store.postgres.RequiresPostgres;

/** {@link NotificationFieldsChecks} on PostgreSQL. */
@RequiresPostgres
class NotificationFieldsPostgresTest extends NotificationFieldsChecks {
    @Override
    protected StoreKind store() {
        return StoreKind.POSTGRES;
    }
}
