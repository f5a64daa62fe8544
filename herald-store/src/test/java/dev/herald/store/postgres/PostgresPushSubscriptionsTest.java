package dev.herald.store.postgres;

import dev.herald.core.store.PushSubscriptionsContract;
import dev.herald.core.store.Store;
import dev.herald.core.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;

@RequiresPostgres
class PostgresPushSubscriptionsTest extends PushSubscriptionsContract {
    private final Schemas schemas = new Schemas();

    @Override
    protected Store create(StoreOptions options) {
        return schemas.fresh(options);
    }

    @AfterEach
    void dropSchemas() {
        schemas.close();
    }
}
