package dev.herald.store.postgres;

import dev.herald.core.store.StoreOptions;
import dev.herald.store.jdbc.CountsChecks;
import dev.herald.store.jdbc.JdbcStore;
import org.junit.jupiter.api.AfterEach;

@RequiresPostgres
class PostgresCountsTest extends CountsChecks {
    private final Schemas schemas = new Schemas();

    @Override
    protected JdbcStore fresh() {
        return (JdbcStore) schemas.fresh(StoreOptions.defaults());
    }

    @Override
    protected JdbcStore again() {
        return (JdbcStore) schemas.again(StoreOptions.defaults());
    }

    @AfterEach
    void dropSchemas() {
        schemas.close();
    }
}
