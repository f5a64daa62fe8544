package dev.herald.store.postgres;

import dev.herald.core.store.Store;
import dev.herald.core.store.StoreModelContract;
import dev.herald.core.store.StoreOptions;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterTry;

@AddLifecycleHook(PostgresAvailable.class)
class PostgresStoreModelTest extends StoreModelContract {
    private final Schemas schemas = new Schemas();

    @Override
    protected Store create(StoreOptions options) {
        return schemas.fresh(options);
    }

    @Override
    protected boolean restarts() {
        return true;
    }

    @Override
    protected Store reopen(StoreOptions options) {
        return schemas.again(options);
    }

    @Override
    protected Store anotherNode(StoreOptions options) {
        return schemas.again(options);
    }

    @Override
    protected int defaultTries() {
        return 10;
    }

    /** Every try (shrinking's too) runs on a fresh schema; the run has closed its store. */
    @AfterTry
    void dropSchemas() {
        schemas.close();
    }
}
