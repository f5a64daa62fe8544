package dev.herald.core.store;

class MemoryPublisherEditTest extends PublisherEditContract {
    @Override
    protected Store create(StoreOptions options) {
        return new MemoryStore(options);
    }
}
