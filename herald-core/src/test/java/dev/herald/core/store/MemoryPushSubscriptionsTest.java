package dev.herald.core.store;

class MemoryPushSubscriptionsTest extends PushSubscriptionsContract {
    @Override
    protected Store create(StoreOptions options) {
        return new MemoryStore(options);
    }
}
