package dev.herald.server;

import dev.herald.server.support.TestHub.StoreKind;
import dev.herald.store.postgres.RequiresPostgres;

/** {@link DigestChecks} on PostgreSQL (the local test database; a failure when CI=true and it is down). */
@RequiresPostgres
class DigestPostgresTest extends DigestChecks {
    @Override
    protected StoreKind store() {
        return StoreKind.POSTGRES;
    }
}
