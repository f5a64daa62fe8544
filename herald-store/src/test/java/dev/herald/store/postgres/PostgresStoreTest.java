package dev.herald.store.postgres;

import dev.herald.core.store.Store;
import dev.herald.core.store.StoreContract;
import dev.herald.core.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;

@RequiresPostgres
class PostgresStoreTest extends StoreContract {
    private final Schemas schemas = new Schemas();

    @Override
    protected Store create(StoreOptions options) {
        return schemas.fresh(options);
    }

    @Override
    protected Store reopen(StoreOptions options) {
        return schemas.again(options);
    }

    @AfterEach
    void dropSchemas() {
        schemas.close();
    }
}
