package dev.herald.store.postgres;

import dev.herald.core.store.Store;
import dev.herald.core.store.StoreOptions;
import dev.herald.store.jdbc.InboxBulkMeasure;
import org.junit.jupiter.api.AfterEach;

/** {@link InboxBulkMeasure} on PostgreSQL (opt in with -Dherald.measure=true). */
@RequiresPostgres
class PostgresBulkMeasure extends InboxBulkMeasure {
    private final Schemas schemas = new Schemas();

    @Override
    protected Store open() {
        return schemas.fresh(StoreOptions.defaults());
    }

    @Override
    protected String name() {
        return "postgres";
    }

    @AfterEach
    void dropSchemas() {
        schemas.close();
    }
}
