package dev.herald.core.store;

/**
 * The model against a second model: any difference is the harness's own (a command that is not
 * deterministic, a view that keeps something run-specific), found here in milliseconds before the
 * durable stores' runs could blame a store for it.
 */
class MemoryStoreModelTest extends StoreModelContract {
    @Override
    protected Store create(StoreOptions options) {
        return new MemoryStore(options);
    }

    @Override
    protected int defaultTries() {
        return 50;
    }
}
