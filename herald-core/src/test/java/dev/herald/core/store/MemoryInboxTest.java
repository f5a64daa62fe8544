package dev.herald.core.store;

class MemoryInboxTest extends InboxContract {
    @Override
    protected Store create(StoreOptions options) {
        return new MemoryStore(options);
    }
}
