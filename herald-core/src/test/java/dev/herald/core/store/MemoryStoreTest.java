package dev.herald.core.store;

import java.time.Duration;

class MemoryStoreTest extends StoreContract {
    @Override
    protected Store create(StoreOptions options) {
        return new MemoryStore(options);
    }
}
