package dev.herald.server;

import dev.herald.server.support.TestHub.StoreKind;
import dev.herald.store.postgres.RequiresPostgres;

/** {@link InboxApiChecks} on PostgreSQL (the local test database; a failure when CI=true and it is down). */
@RequiresPostgres
class InboxApiPostgresTest extends InboxApiChecks {
    @Override
    protected StoreKind store() {
        return StoreKind.POSTGRES;
    }
}
