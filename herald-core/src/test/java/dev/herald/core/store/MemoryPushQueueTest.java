package dev.herald.core.store;

class MemoryPushQueueTest extends PushQueueContract {
    @Override
    protected Store create(StoreOptions options) {
        return new MemoryStore(options);
    }
}
