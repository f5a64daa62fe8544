package dev.herald.server;

import dev.herald.store.postgres.RequiresPostgres;
import dev.herald.store.postgres.TestPostgres;
import org.junit.jupiter.api.AfterEach;

import java.util.Map;

/** {@link DurabilityChecks} on PostgreSQL, in a fresh schema of the local test database. */
@RequiresPostgres
class DurabilityPostgresIT extends DurabilityChecks {
    private final String schema = TestPostgres.newSchema();

    @Override
    protected Map<String, String> storeEnvironment() {
        return Map.of("HERALD_POSTGRES_URL", TestPostgres.urlFor(schema));
    }

    @AfterEach
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }
}
