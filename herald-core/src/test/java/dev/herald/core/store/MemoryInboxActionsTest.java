package dev.herald.core.store;

class MemoryInboxActionsTest extends InboxActionsContract {
    @Override
    protected Store create(StoreOptions options) {
        return new MemoryStore(options);
    }
}
