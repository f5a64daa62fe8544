package dev.herald.core.store;

class MemoryDigestTest extends DigestContract {
    @Override
    protected Store create(StoreOptions options) {
        return new MemoryStore(options);
    }
}
