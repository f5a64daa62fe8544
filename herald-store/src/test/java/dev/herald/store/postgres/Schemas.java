package dev.herald.store.postgres;

import dev.herald.core.store.Store;
import dev.herald.core.store.StoreOptions;

import java.util.ArrayList;
import java.util.List;

/** The schemas and stores one test made: each create() is a fresh schema, all dropped after the test. */
final class Schemas implements AutoCloseable {
    private final List<String> schemas = new ArrayList<>();
    private final List<Store> stores = new ArrayList<>();

    /** A store in a fresh, empty schema. */
    Store fresh(StoreOptions options) {
        String schema = TestPostgres.newSchema();
        schemas.add(schema);
        return again(options);
    }

    /** Another store on the latest schema (a restart, or a second node). */
    Store again(StoreOptions options) {
        Store store = PostgresStore.open(latestUrl(), options);
        stores.add(store);
        return store;
    }

    String latestUrl() {
        return TestPostgres.urlFor(schemas.get(schemas.size() - 1));
    }

    String latestSchema() {
        return schemas.get(schemas.size() - 1);
    }

    /** Closes every store (idempotent) before dropping, so no pooled connection outlives its schema. */
    @Override
    public void close() {
        stores.forEach(Store::close);
        schemas.forEach(TestPostgres::dropSchema);
        stores.clear();
        schemas.clear();
    }
}
