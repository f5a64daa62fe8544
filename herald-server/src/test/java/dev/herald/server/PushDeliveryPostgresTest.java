package dev.herald.server;

import dev.herald.server.support.TestHub.StoreKind;
import dev.herald.store.postgres.RequiresPostgres;

/** {@link PushDeliveryChecks} on PostgreSQL (the local test database; a failure when CI=true and it is down). */
@RequiresPostgres
class PushDeliveryPostgresTest extends PushDeliveryChecks {
    @Override
    protected StoreKind store() {
        return StoreKind.POSTGRES;
    }
}
